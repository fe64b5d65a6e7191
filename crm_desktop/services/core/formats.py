"""Numbers, money, dates and plurals in a locale's CLDR formats: the one formatting module.

The screens (views/common/fmt.py binds it to the user's language), the PDF proposal and report
exports, and the e-mail to a client (in the client's language and country) all format here, so
"$ 39.147.410" and "30 de diciembre de 2026" read the same wherever they appear.

Built on Babel's CLDR data, with two house choices a Colombian or Argentine reader expects:
pesos (COP, ARS, CLP) are written without cents (`currencies.WHOLE_UNIT_CURRENCIES`, the same
unit the quote arithmetic rounds to), and in Spanish a currency symbol is followed by a no-break
space ("$ 39.147.410", "US$ 1.250,00"; CLDR 46 writes "$39.147.410"). Numeric dates keep the
locale's order with two-digit day and month and a four-digit year (es-CO 30/12/2026, en-US
12/30/2026). No Qt here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from babel import numbers as babel_numbers

from crm_desktop.services.core.currencies import pricing_places

NBSP = "\xa0"
# The locale of each language when no country is known: the program's reps are Colombian.
DEFAULT_LOCALE = {"es": "es_CO", "en": "en_US"}


def locale_name(language: str, country: str | None = None) -> str:
    """es + CO → es_CO; es + AR → es_AR; a pair CLDR does not know → the language's default."""
    language = (language or "es").lower()
    if country:
        name = f"{language}_{country.upper()}"
        try:
            Locale.parse(name)
        except (UnknownLocaleError, ValueError):
            pass
        else:
            return name
    return DEFAULT_LOCALE.get(language, "es_CO")


def _quantize(value: Decimal | int | float, places: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Formats:
    """Formats of one locale ("es_CO", "es_AR", "en_US")."""

    locale: str

    @property
    def cldr(self) -> Locale:
        return _locale(self.locale)

    @property
    def language(self) -> str:
        return self.cldr.language

    # -- numbers ----------------------------------------------------------------------------
    def number(self, value: Decimal | int | float, places: int = 0) -> str:
        """Grouped, with exactly `places` decimals, rounded half-up: 1.250.000,50."""
        pattern = "#,##0" + ("." + "0" * places if places else "")
        return babel_numbers.format_decimal(
            _quantize(value, places), format=pattern, locale=self.cldr, decimal_quantization=True
        )

    def quantity(self, value: Decimal | int) -> str:
        """A quantity with the decimals it has, no trailing zeros: 3, 2,5, 0,125."""
        normal = Decimal(value).normalize()
        return self.number(normal, max(0, -int(normal.as_tuple().exponent)))

    def unit_price(self, value: Decimal, places: int) -> str:
        """A unit price shows its own decimals (up to 4) when it has more than the currency's."""
        normal = value.normalize()
        return self.number(value, max(places, min(4, -int(normal.as_tuple().exponent))))

    def percent(self, value: Decimal | int | float, places: int | None = None) -> str:
        """19 %, 12,5 % in Spanish; 19%, 12.5% in English (the locale's percent pattern)."""
        exact = Decimal(str(value))
        number = self.quantity(exact) if places is None else self.number(exact, places)
        spaced = re.search(r"\s%", self.cldr.percent_formats[None].pattern) is not None
        return f"{number}{NBSP if spaced else ''}%"

    def parse_decimal(self, text: str) -> Decimal | None:
        """What a user typed, read with the locale's separators; None if it is not a number."""
        symbols = self.cldr.number_symbols.get("latn", self.cldr.number_symbols)
        group, decimal = symbols["group"], symbols["decimal"]
        cleaned = re.sub(r"[\s$%" + NBSP + "]", "", text).replace("US", "")
        cleaned = cleaned.replace(group, "").replace(decimal, ".")
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            return None
        return value if value.is_finite() else None

    # -- money ------------------------------------------------------------------------------
    def money(self, value: Decimal | int, currency: str = "COP", places: int | None = None) -> str:
        """$ 39.147.410 (COP, es-CO), US$ 1.250,00 (USD, es-CO), $1,250.00 (USD, en-US)."""
        places = pricing_places(currency) if places is None else places
        amount = _quantize(value, places)
        number = self.number(abs(amount), places)
        return ("-" if amount < 0 else "") + self._with_symbol(number, currency)

    def symbol(self, currency: str) -> str:
        """$ for COP in Colombia, COP in Argentina, US$ in Spanish, $ for USD in English."""
        return babel_numbers.get_currency_symbol(currency, locale=self.cldr)

    def short_money(self, value: Decimal | int | float, currency: str = "COP") -> str:
        """For chart axes: $ 39.407 M (millions, as Colombian reports write them), $ 500 mil,
        $39B in English."""
        amount = Decimal(str(value))
        sign, amount = ("-" if amount < 0 else ""), abs(amount)
        if self.language == "es" and amount >= 1_000_000:
            millions = amount / 1_000_000
            places = 1 if millions < 10 and millions != millions.to_integral_value() else 0
            number = f"{self.number(millions, places)}{NBSP}M"
        else:
            number = babel_numbers.format_compact_decimal(
                amount, format_type="short", locale=self.cldr, fraction_digits=1
            ).replace(" ", NBSP)
        return sign + self._with_symbol(number, currency)

    def _with_symbol(self, number: str, currency: str) -> str:
        symbol = self.symbol(currency)
        pattern = self.cldr.currency_formats["standard"].pattern.split(";")[0]
        before = pattern.index("¤") < pattern.index("#")
        spaced = self.language == "es" or symbol[-1 if before else 0].isalpha()
        gap = NBSP if spaced else ""
        return f"{symbol}{gap}{number}" if before else f"{number}{gap}{symbol}"

    # -- dates ------------------------------------------------------------------------------
    def day(self, value: date | None) -> str:
        """30/12/2026 (es-CO, es-AR), 12/30/2026 (en-US)."""
        if value is None:
            return ""
        return babel_dates.format_date(value, _numeric_date_pattern(self.locale), self.cldr)

    def date_pattern(self) -> str:
        """The numeric date's CLDR pattern: dd/MM/y (es), MM/dd/y (en)."""
        return _numeric_date_pattern(self.locale)

    def long_day(self, value: date | None) -> str:
        """30 de diciembre de 2026; December 30, 2026."""
        if value is None:
            return ""
        return babel_dates.format_date(value, "long", self.cldr)

    def time(self, value: datetime, zone: tzinfo | None = None) -> str:
        """3:45 p. m. (es-CO), 15:45 (es-AR), 3:45 PM (en-US), in zone (default: the machine's)."""
        local = value.astimezone(zone)
        return babel_dates.format_time(local.time(), "short", locale=self.cldr)

    def moment(self, value: datetime | None, zone: tzinfo | None = None) -> str:
        """A stored UTC time in local time: 30/12/2026 3:45 p. m."""
        if value is None:
            return ""
        local = value.astimezone(zone)
        return f"{self.day(local.date())} {self.time(local, zone)}"

    # -- plurals ----------------------------------------------------------------------------
    def plural(self, count: int, forms: Sequence[str]) -> str:
        """The form for count by the language's CLDR rules; forms = (one, other) as in the
        catalogs; {n} in it is the count, written in the locale."""
        category = self.cldr.plural_form(abs(count))
        form = forms[0] if category == "one" or len(forms) == 1 else forms[-1]
        return form.replace("{n}", self.number(count))


@cache
def _locale(name: str) -> Locale:
    return Locale.parse(name)


@cache
def _numeric_date_pattern(name: str) -> str:
    """The locale's short date pattern with 2-digit day and month and the whole year."""
    short = _locale(name).date_formats["short"].pattern
    short = re.sub(r"d+", "dd", short)
    short = re.sub(r"M+", "MM", short)
    return re.sub(r"y+", "y", short)


@cache
def formats(language: str = "es", country: str | None = None) -> Formats:
    """The formats of a language, in a country (the client's) or the language's default."""
    return Formats(locale_name(language, country))
