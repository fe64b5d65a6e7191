"""Possible duplicates by name in the same city, from the database and within the file."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from crm_desktop.services.importing.accounts_import import Options, preview
from crm_desktop.services.importing.mapping import auto_mapping
from crm_desktop.services.importing.similar import NameIndex, simple_name
from tests.factories import make_account
from tests.services.importing.fixtures import HEADER


def test_names_are_simplified() -> None:
    assert simple_name("FERRETERÍA EL TORNILLO, S.A.S.") == "ferreteria el tornillo"
    assert simple_name("Droguería Santa Fe Ltda.") == "drogueria santa fe"


def test_index_finds_close_names_in_the_same_city_only() -> None:
    index = NameIndex()
    index.add_all([("Ferretería El Tornillo S.A.S.", "Bogotá"), ("Panadería La Espiga", "Cali")])
    assert index.similar("FERRETERIA EL TORNILLO", "bogota") == "Ferretería El Tornillo S.A.S."
    assert index.similar("Ferreteria El Tornilo Ltda", "Bogotá") == "Ferretería El Tornillo S.A.S."
    assert index.similar("Ferretería El Tornillo", "Medellín") is None  # another city
    assert index.similar("Ferretería La Tuerca", "Bogotá") is None  # another name
    assert index.similar("Panadería La Espiga", None) is None  # no city: no comparison
    index.add("Droguería Número 12", "Cali")
    assert index.similar("Drogueria Numero 13", "Cali") is None  # another branch
    assert index.similar("DROGUERIA NUMERO 12", "Cali") == "Droguería Número 12"


def test_preview_warns_without_refusing(session: Session, tmp_path: Path) -> None:
    make_account(
        session, tax_id="900123455", legal_name="FERRETERIA EL TORNILLO SAS", city="Bogotá"
    )
    rows = [
        ["Ferretería El Tornillo S.A.S.", "800.012.342", "", "", "Bogotá", "", "", "", "", ""],
        ["Ferreteria el Tornillo", "830045674", "", "", "Bogotá", "", "", "", "", ""],
        ["Droguería Santa Fe", "860034561", "", "", "Medellín", "", "", "", "", ""],
    ]
    plan = preview(session, rows, auto_mapping(HEADER), Options())
    assert [r.action for r in plan.rows] == ["create", "create", "create"]
    assert [r.similar_to for r in plan.rows] == [
        "FERRETERIA EL TORNILLO SAS",
        "FERRETERIA EL TORNILLO SAS",
        None,
    ]
    assert plan.count_similar() == 2
    assert plan.rows[0].warning_text("es") == (
        "Quizá es la misma empresa que FERRETERIA EL TORNILLO SAS (Bogotá)."
    )
