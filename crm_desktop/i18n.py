"""The project's one gettext-style helper for text made outside Qt (services, documents).

Messages are written in English; a catalog per language maps them to translations.
Views use Qt's tr() for their own strings and this helper for messages from the domain.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from crm_desktop.paths import RESOURCES

LOCALE_DIR = RESOURCES / "locale"
LANGUAGES = ("es", "en")
_current = "es"


def set_language(lang: str) -> None:
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    _current = lang


def current_language() -> str:
    return _current


@cache
def _catalog(lang: str) -> dict[str, str]:
    path = LOCALE_DIR / f"{lang}.json"
    if not path.exists():
        return {}
    data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return data


def gettext(message: str, lang: str | None = None, **params: Any) -> str:
    """message translated to lang (default: the current language), then formatted."""
    text = (
        # An entry not translated yet ("" after messages.py --update) falls back to English.
        (_catalog(lang or _current).get(message) or message)
        if (lang or _current) != "en"
        else message
    )
    return text.format(**params) if params else text


def N_(message: str) -> str:
    return message


_ = gettext
