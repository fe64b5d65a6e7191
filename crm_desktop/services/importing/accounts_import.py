"""Accounts with their contacts from a table: a preview that validates every row with the
forms' rules, then one batch written through the validated services, and its undo.

A row carries an account and, optionally, one contact; rows with the same tax id (or e-mail,
or name when both are missing) are one account with several contacts. An account already in
the database (same tax id, else same e-mail) is updated, skipped or created anew, as chosen.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.i18n import N_, gettext
from crm_desktop.models import Account
from crm_desktop.services.accounts import accounts
from crm_desktop.services.core import crud
from crm_desktop.services.core.cells import is_formula
from crm_desktop.services.core.errors import FieldProblem, ValidationError
from crm_desktop.services.core.rules import validate_row
from crm_desktop.services.importing.kinds import KIND_FIELDS
from crm_desktop.services.importing.mapping import normalise
from crm_desktop.services.importing.similar import NameIndex

DUPLICATE_CHOICES = ("update", "skip", "create")
COUNTRIES = {"colombia": "CO", "co": "CO", "argentina": "AR", "ar": "AR", "chile": "CL"}
TAX_ID_KIND_BY_COUNTRY = {"CO": "nit", "AR": "cuit", "CL": "rut"}
PLACEHOLDER_ACCOUNT = "pending-import"
Progress = Callable[[int, int], bool]  # (done, total) -> keep going


@dataclass(frozen=True)
class Options:
    duplicates: str = "update"  # what an account already in the database gets
    all_or_nothing: bool = False  # nothing is written until every row is valid


@dataclass(frozen=True)
class RowPlan:
    """What one line of the file becomes."""

    line: int  # as the spreadsheet numbers it (1 = its first line)
    action: str  # create | update | skip | contact (to an account above) | invalid
    account: dict[str, Any]
    contact: dict[str, Any] | None
    problems: tuple[FieldProblem, ...] = ()
    existing_id: str | None = None
    key: str = ""  # lines with the same key are one account
    similar_to: str | None = None  # a close name in the same city: a warning, not a problem
    kind: str = "accounts"  # what the file holds (services.importing.kinds); `account` holds
    # the values of that kind's row

    @property
    def title(self) -> str:
        """What the line is about, as the preview shows it."""
        values = self.account
        if self.kind == "price_lists":
            return f"{values.get('price_list') or ''} · {values.get('product_code') or ''}"
        return str(values.get("legal_name") or values.get("name") or values.get("code") or "")

    def warning_text(self, lang: str | None = None) -> str:
        if self.similar_to is None:
            return ""
        return gettext(
            N_("Possibly the same company as {name} ({city})."),
            lang,
            name=self.similar_to,
            city=self.account.get("city") or "",
        )

    def problem_texts(self, lang: str | None = None) -> list[str]:
        fields = KIND_FIELDS[self.kind]
        return [
            f"{gettext(fields[p.field][0], lang) if p.field in fields else p.field}: {p.text(lang)}"
            for p in self.problems
        ]


@dataclass(frozen=True)
class Preview:
    rows: list[RowPlan]
    kind: str = "accounts"

    @property
    def invalid(self) -> list[RowPlan]:
        return [r for r in self.rows if r.action == "invalid"]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    def count_similar(self) -> int:
        return sum(1 for r in self.rows if r.similar_to is not None)


def _values(
    row: list[str], mapping: Mapping[int, str]
) -> tuple[dict[str, str], list[FieldProblem]]:
    values: dict[str, str] = {}
    problems: list[FieldProblem] = []
    for index, name in mapping.items():
        cell = row[index].strip() if index < len(row) else ""
        if not cell:
            continue
        if is_formula(cell):
            problems.append(
                FieldProblem(
                    name,
                    "formula",
                    N_("The cell holds a spreadsheet formula ({start}…); it is not imported."),
                    {"start": cell[:10]},
                )
            )
            continue
        values[name] = cell
    return values, problems


def _account_values(values: Mapping[str, str]) -> dict[str, Any]:
    account: dict[str, Any] = {k: v for k, v in values.items() if not k.startswith("contact.")}
    if "country" in account:
        account["country"] = COUNTRIES.get(normalise(account["country"]), account["country"])
    country = str(account.get("country") or "CO").upper()
    if "tax_id_kind" in account:
        account["tax_id_kind"] = normalise(account["tax_id_kind"]).replace(" ", "")
    else:
        account["tax_id_kind"] = TAX_ID_KIND_BY_COUNTRY.get(country, "nit")
    return crud.defaults_of(Account) | accounts.crud_defaults(account)


def _contact_values(values: Mapping[str, str]) -> dict[str, Any] | None:
    contact = {k.removeprefix("contact."): v for k, v in values.items() if k.startswith("contact.")}
    return contact or None


def _clean(
    table: str, values: dict[str, Any], prefix: str = ""
) -> tuple[dict[str, Any], list[FieldProblem]]:
    try:
        cleaned = validate_row(table, values)
        return {k: v for k, v in cleaned.items() if k not in crud.PROTECTED}, []
    except ValidationError as error:
        return values, [
            FieldProblem(prefix + p.field, p.code, p.message, p.params) for p in error.problems
        ]


@dataclass
class Existing:
    by_tax_id: dict[str, tuple[str, str]] = field(default_factory=dict)
    by_email: dict[str, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session) -> Existing:
        found = cls()
        query = select(Account.id, Account.legal_name, Account.tax_id, Account.email).where(
            Account.deleted_at.is_(None)
        )
        for row_id, name, tax_id, email in session.execute(query):
            if tax_id:
                found.by_tax_id[tax_id] = (row_id, name)
            if email:
                found.by_email[email.lower()] = (row_id, name)
        return found

    def match(self, account: Mapping[str, Any]) -> tuple[str, str, str] | None:
        tax_id, email = account.get("tax_id"), str(account.get("email") or "").lower()
        if tax_id and tax_id in self.by_tax_id:
            return ("tax_id", *self.by_tax_id[tax_id])
        if email and email in self.by_email:
            return ("email", *self.by_email[email])
        return None


def account_key(account: Mapping[str, Any]) -> str:
    """What makes two lines one account: the tax id without its punctuation ("800.012.342" and
    "80001234-2" meet), else the e-mail, else the name."""
    if account.get("tax_id"):
        return "tax:" + "".join(ch for ch in str(account["tax_id"]) if ch.isalnum()).upper()
    if account.get("email"):
        return f"mail:{str(account['email']).lower()}"
    return f"name:{normalise(str(account.get('legal_name') or ''))}"


def preview(
    session: Session,
    rows: list[list[str]],
    mapping: Mapping[int, str],
    options: Options,
    first_line: int = 2,
) -> Preview:
    """Every data row checked as the forms check it, and what importing it would do."""
    if options.duplicates not in DUPLICATE_CHOICES:
        raise ValueError(f"duplicates must be one of {DUPLICATE_CHOICES}")
    existing = Existing.load(session)
    seen: set[str] = set()
    plans = [
        _plan(row, first_line + n, mapping, options, existing, seen) for n, row in enumerate(rows)
    ]
    return Preview(_mark_similar(session, plans))


def _mark_similar(session: Session, plans: list[RowPlan]) -> list[RowPlan]:
    """New accounts whose name is close to one in the same city, in the database or above."""
    names = NameIndex.load(session)
    marked: list[RowPlan] = []
    for plan in plans:
        if plan.action == "create":
            name, city = str(plan.account.get("legal_name") or ""), plan.account.get("city")
            close = names.similar(name, city)
            names.add(name, city)
            if close is not None:
                plan = replace(plan, similar_to=close)
        marked.append(plan)
    return marked


def _plan(
    row: list[str],
    line: int,
    mapping: Mapping[int, str],
    options: Options,
    existing: Existing,
    seen: set[str],
) -> RowPlan:
    values, problems = _values(row, mapping)
    raw = _account_values(values)
    key = account_key(raw)
    contact, contact_problems = _checked_contact(values)
    if key in seen and not problems and not contact_problems:
        # A further line of an account above: its account cells were checked on that line.
        return RowPlan(line, "contact", raw, contact, key=key)
    account, account_problems = _clean("accounts", raw)
    problems += account_problems + contact_problems
    match = existing.match(account) if not problems else None
    if match is not None and options.duplicates == "create" and match[0] == "tax_id":
        problems.append(
            FieldProblem(
                "tax_id",
                "duplicate_tax_id",
                N_("{name} already has this tax id."),
                {"name": match[2]},
            )
        )
    if problems:
        return RowPlan(line, "invalid", account, contact, tuple(problems), key=key)
    seen.add(key)
    if match is None or options.duplicates == "create":
        return RowPlan(line, "create", account, contact, key=key)
    return RowPlan(line, options.duplicates, account, contact, existing_id=match[1], key=key)


def _checked_contact(
    values: Mapping[str, str],
) -> tuple[dict[str, Any] | None, list[FieldProblem]]:
    contact = _contact_values(values)
    if contact is None:
        return None, []
    cleaned, problems = _clean(
        "contacts", contact | {"account_id": PLACEHOLDER_ACCOUNT}, "contact."
    )
    return {k: v for k, v in cleaned.items() if k != "account_id"}, problems
