"""Why a pulled row was set aside, in the rep's words: never SQLite's English text alone."""

from __future__ import annotations

import pytest

from crm_desktop.sync.setaside import ERROR, PARENT
from crm_desktop.sync.setaside_words import explain

NAMES = {"number": "Número", "quote_id": "Cotización", "revision": "Revisión", "city": "Ciudad"}


def _es(kind: str, reason: str) -> str:
    return explain(kind, reason, "es", lambda c: NAMES.get(c, c), lambda t: t.rstrip("s"))


@pytest.mark.parametrize(
    ("kind", "reason", "spanish"),
    [
        (ERROR, "UNIQUE constraint failed: quotes.number",
         "Otro registro de este equipo ya tiene el mismo valor en: Número."),
        (ERROR, "UNIQUE constraint failed: quote_revisions.quote_id, quote_revisions.revision",
         "Otro registro de este equipo ya tiene el mismo valor en: Cotización, Revisión."),
        (ERROR, "NOT NULL constraint failed: accounts.city", "Ciudad: falta un valor obligatorio."),
        (ERROR, "FOREIGN KEY constraint failed",
         "Un registro al que hace referencia no está en este equipo."),
        (ERROR, "city: longer than 80 characters", "Ciudad: tiene más de 80 caracteres."),
        (ERROR, "city: a value is required", "Ciudad: falta un valor obligatorio."),
        (ERROR, "created_at: 'garbage' is not a valid value here",
         "created_at: 'garbage' no es un valor válido aquí."),
        (PARENT, "waiting for accounts 0192-ab (account_id)",
         "Espera el registro al que pertenece (account), que aún no ha llegado."),
        (ERROR, "disk I/O error", "No se puede guardar en este equipo (disk I/O error)."),
    ],
)  # fmt: skip
def test_each_stored_reason_reads_as_a_sentence(kind: str, reason: str, spanish: str) -> None:
    assert _es(kind, reason) == spanish
    english = explain(kind, reason, "en")
    assert "constraint failed" not in english and english.endswith(".")
