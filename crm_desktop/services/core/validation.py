"""Field checks that clean values and collect every problem at once."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from crm_desktop.i18n import N_
from crm_desktop.services.core.errors import FieldProblem, ValidationError


class Checker:
    """Cleans a row's values field by field; problems pile up until done()."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.values = dict(values)
        self.problems: list[FieldProblem] = []

    # -- bookkeeping -------------------------------------------------------------------------
    def problem(self, name: str, code: str, message: str, **params: Any) -> None:
        self.problems.append(FieldProblem(name, code, message, params))

    def has_problem(self, name: str) -> bool:
        return any(p.field == name for p in self.problems)

    def done(self) -> dict[str, Any]:
        if self.problems:
            raise ValidationError(self.problems)
        return self.values

    def _raw(self, name: str) -> Any:
        value = self.values.get(name)
        if isinstance(value, str):
            value = value.strip()
            self.values[name] = value or None
            return value or None
        return value

    def _missing(self, name: str, required: bool) -> bool:
        if self._raw(name) is None:
            if required:
                self.problem(name, "required", N_("This field is required."))
            return True
        return False

    # -- kinds of field ----------------------------------------------------------------------
    def text(self, name: str, *, required: bool = False, max_len: int = 200) -> str | None:
        if self._missing(name, required):
            return None
        value = str(self._raw(name))
        if len(value) > max_len:
            self.problem(name, "too_long", N_("At most {max} characters."), max=max_len)
        self.values[name] = value
        return value

    def choice(self, name: str, enum: type[StrEnum], *, required: bool = True) -> str | None:
        if self._missing(name, required):
            return None
        value = str(self._raw(name))
        if value not in {e.value for e in enum}:
            self.problem(
                name, "invalid_choice", N_("“{value}” is not one of the choices."), value=value
            )
            return None
        return value

    def choices(self, name: str, enum: type[StrEnum], *, required: bool = True) -> list[str]:
        """A comma-separated set of enum values, stored sorted and without repeats."""
        raw = self._raw(name)
        items = (
            raw if isinstance(raw, list | tuple | set | frozenset) else str(raw or "").split(",")
        )
        picked = sorted({str(i).strip() for i in items if str(i).strip()})
        bad = [v for v in picked if v not in {e.value for e in enum}]
        if bad:
            self.problem(
                name,
                "invalid_choice",
                N_("“{value}” is not one of the choices."),
                value=", ".join(bad),
            )
        elif required and not picked:
            self.problem(name, "required", N_("Choose at least one."))
        self.values[name] = ",".join(picked)
        return picked

    def email(self, name: str, *, required: bool = False) -> str | None:
        if self._missing(name, required):
            return None
        try:
            info = validate_email(str(self._raw(name)), check_deliverability=False)
        except EmailNotValidError:
            self.problem(name, "invalid_email", N_("This is not a valid e-mail address."))
            return None
        self.values[name] = info.normalized
        return info.normalized

    def phone(self, name: str, *, region: str = "CO", required: bool = False) -> str | None:
        """A phone number, stored in E.164 (+57…); national numbers are read for region."""
        if self._missing(name, required):
            return None
        try:
            number = phonenumbers.parse(str(self._raw(name)), region)
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            self.problem(name, "invalid_phone", N_("This is not a valid phone number."))
            return None
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        self.values[name] = e164
        return e164

    def decimal(
        self,
        name: str,
        *,
        required: bool = False,
        minimum: Decimal | None = None,
        maximum: Decimal | None = None,
        places: int = 4,
    ) -> Decimal | None:
        if self._missing(name, required):
            return None
        raw = self._raw(name)
        if isinstance(raw, float | bool):
            self.problem(name, "invalid_number", N_("Enter an exact number."))
            return None
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            self.problem(name, "invalid_number", N_("Enter a number."))
            return None
        if not value.is_finite():  # NaN, sNaN, Infinity: not "too many decimals"
            self.problem(name, "invalid_number", N_("Enter a number, not infinity or NaN."))
            return None
        # normalize(): a stored 9000000.0000 (FixedDecimal's scale) has no real decimals.
        if value.normalize().as_tuple().exponent < -places:  # type: ignore[operator]
            self.problem(
                name, "invalid_number", N_("At most {places} decimal places."), places=places
            )
            return None
        self._bounds(name, value, minimum, maximum)
        self.values[name] = value
        return value

    def integer(
        self,
        name: str,
        *,
        required: bool = False,
        minimum: int | None = None,
        maximum: int | None = None,
    ) -> int | None:
        if self._missing(name, required):
            return None
        raw = self._raw(name)
        if (
            isinstance(raw, bool)
            or not isinstance(raw, int | str)
            or not str(raw).lstrip("-").isdigit()
        ):
            self.problem(name, "invalid_integer", N_("Enter a whole number."))
            return None
        value = int(raw)
        self._bounds(name, value, minimum, maximum)
        self.values[name] = value
        return value

    def _bounds(self, name: str, value: Decimal | int, low: Any, high: Any) -> None:
        if low is not None and value < low:
            self.problem(name, "too_small", N_("Must be at least {min}."), min=low)
        elif high is not None and value > high:
            self.problem(name, "too_large", N_("Must be at most {max}."), max=high)

    def boolean(self, name: str) -> bool:
        value = bool(self.values.get(name) or False)
        self.values[name] = value
        return value

    def date(self, name: str, *, required: bool = False) -> date | None:
        if self._missing(name, required):
            return None
        raw = self._raw(name)
        if isinstance(raw, datetime):
            raw = raw.date()
        if isinstance(raw, str):
            try:
                raw = date.fromisoformat(raw)
            except ValueError:
                self.problem(name, "invalid_date", N_("Enter a date as YYYY-MM-DD."))
                return None
        if not isinstance(raw, date):
            self.problem(name, "invalid_date", N_("Enter a date as YYYY-MM-DD."))
            return None
        self.values[name] = raw
        return raw

    def moment(self, name: str, *, required: bool = False) -> datetime | None:
        """A point in time; it must carry its time zone."""
        if self._missing(name, required):
            return None
        raw = self._raw(name)
        if isinstance(raw, str):
            try:
                raw = datetime.fromisoformat(raw)
            except ValueError:
                raw = None
        if not isinstance(raw, datetime) or raw.tzinfo is None:
            self.problem(name, "invalid_datetime", N_("Enter a date and time with its time zone."))
            return None
        self.values[name] = raw
        return raw
