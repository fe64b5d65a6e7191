"""The one formatting module: CLDR formats of es-CO, es-AR and en-US (issue 11, items 1 and 7)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest

from crm_desktop.services.core.formats import formats, locale_name

NB = "\xa0"


@pytest.mark.parametrize(
    ("language", "country", "currency", "expected"),
    [
        ("es", "CO", "COP", f"${NB}39.147.410"),  # pesos without cents
        ("es", "AR", "ARS", f"${NB}39.147.410"),
        ("es", "CO", "USD", f"US${NB}39.147.410,40"),
        ("es", "AR", "COP", f"COP{NB}39.147.410"),
        ("en", None, "USD", "$39,147,410.40"),
        ("en", None, "COP", f"COP{NB}39,147,410"),
    ],
)
def test_money_by_currency_and_country(
    language: str, country: str | None, currency: str, expected: str
) -> None:
    assert formats(language, country).money(D("39147410.4"), currency) == expected


def test_negative_money_and_rounding_half_up() -> None:
    assert formats("es").money(D("-1250000.5"), "COP") == f"-${NB}1.250.001"
    assert formats("en").money(D("-38.105"), "USD") == "-$38.11"


def test_dates_numeric_and_long() -> None:
    es, ar, en = formats("es"), formats("es", "AR"), formats("en")
    assert es.day(date(2026, 1, 3)) == "03/01/2026"  # dd/mm/aaaa, not 3/01/26
    assert ar.day(date(2026, 12, 30)) == "30/12/2026"
    assert en.day(date(2026, 12, 30)) == "12/30/2026"
    assert es.long_day(date(2026, 12, 30)) == "30 de diciembre de 2026"
    assert en.long_day(date(2026, 12, 30)) == "December 30, 2026"
    bogota = ZoneInfo("America/Bogota")
    moment = datetime(2026, 12, 30, 20, 45, tzinfo=UTC)
    assert es.moment(moment, bogota).startswith("30/12/2026 3:45")
    assert ar.moment(moment, bogota) == "30/12/2026 15:45"


def test_short_money_for_chart_axes() -> None:
    assert formats("es").short_money(D("39406694500")) == f"${NB}39.407{NB}M"
    assert formats("es").short_money(2_500_000) == f"${NB}2,5{NB}M"
    assert formats("es").short_money(0) == f"${NB}0"
    assert formats("en").short_money(D("39406694500"), "USD") == "$39.4B"


def test_numbers_percent_and_parsing() -> None:
    es, en = formats("es"), formats("en")
    assert es.number(D("1250000"), 2) == "1.250.000,00"
    assert en.number(D("1250000"), 2) == "1,250,000.00"
    assert es.quantity(D("2.5000")) == "2,5"
    assert es.unit_price(D("1000.125"), 0) == "1.000,125"
    assert es.percent(D("12.50")) == "12,5%"
    assert es.parse_decimal("$ 1.250.000,50") == D("1250000.50")
    assert en.parse_decimal("1,250.5") == D("1250.5")
    assert es.parse_decimal("abc") is None


def test_plurals_by_the_languages_rules() -> None:
    assert formats("es").plural(1, ("{n} visita", "{n} visitas")) == "1 visita"
    assert formats("es").plural(7, ("{n} visita", "{n} visitas")) == "7 visitas"
    assert formats("en").plural(0, ("{n} change", "{n} changes")) == "0 changes"
    assert formats("es").plural(1500, ("{n} cuenta", "{n} cuentas")) == "1.500 cuentas"


def test_locale_names() -> None:
    assert locale_name("es", "CO") == "es_CO"
    assert locale_name("es", "AR") == "es_AR"
    assert locale_name("es", "XX") == "es_CO"
    assert locale_name("en") == "en_US"
