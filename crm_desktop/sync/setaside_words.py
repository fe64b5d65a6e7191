"""Why a pulled row was set aside, in words a person reads (Spanish or English).

A set-aside row keeps its reason as made (sync_unapplied.reason): the checks' own English and,
for a row the database refused, SQLite's text ("UNIQUE constraint failed: quotes.number").
Neither is for a rep's eyes: this turns each known form into a sentence of the catalog; a form
it does not know is shown inside a general sentence, never alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from crm_desktop.i18n import N_, gettext
from crm_desktop.sync.setaside import PARENT

Namer = Callable[[str], str]

# (the stored reason's form, its sentence); groups `field`/`fields` name columns
_FORMS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^UNIQUE constraint failed: (?P<fields>.+)$"),
     N_("Another record on this laptop already has the same {fields}.")),
    (re.compile(r"^NOT NULL constraint failed: \w+\.(?P<field>\w+)$"),
     N_("{field}: a value is required.")),
    (re.compile(r"^FOREIGN KEY constraint failed$"),
     N_("A record it refers to is not on this laptop.")),
    (re.compile(r"^CHECK constraint failed: (?P<rule>.+)$"),
     N_("A value breaks a rule of this kind of record ({rule}).")),
    (re.compile(r"^(?P<field>\w+): a value is required$"),
     N_("{field}: a value is required.")),
    (re.compile(r"^(?P<field>\w+): longer than (?P<max>\d+) characters$"),
     N_("{field}: longer than {max} characters.")),
    (re.compile(r"^(?P<field>\w+): (?P<value>.*) is not a valid value here$", re.DOTALL),
     N_("{field}: {value} is not a valid value here.")),
]  # fmt: skip
_WAITING = re.compile(r"^waiting for (?P<table>\w+) (?P<id>\S+)( \((?P<field>\w+)\))?$")


def _same(name: str) -> str:
    return name


def explain(kind: str, reason: str, lang: str, field: Namer = _same, table: Namer = _same) -> str:
    """The reason a row was set aside, as a sentence in lang; field and table name columns
    and tables in that language (the views' names), default their own names."""
    if kind == PARENT:
        waiting = _WAITING.match(reason)
        return gettext(
            N_("Waiting for the {table} it belongs to, which has not arrived yet."),
            lang,
            table=table(waiting["table"]) if waiting else "?",
        )
    for pattern, sentence in _FORMS:
        found = pattern.match(reason)
        if found is None:
            continue
        params = found.groupdict()
        if "fields" in params:
            columns = [c.strip().rpartition(".")[2] for c in params["fields"].split(",")]
            params["fields"] = ", ".join(field(c) for c in columns)
        if "field" in params:
            params["field"] = field(params["field"])
        return gettext(sentence, lang, **params)
    return gettext(N_("It cannot be stored on this laptop ({detail})."), lang, detail=reason)
