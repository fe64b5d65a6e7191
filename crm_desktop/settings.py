"""Typed, versioned settings: every option declared once with its default and its title.

Qt-free so services (RFM weights, follow-up periods) and documents (company data) read them too.
Stored as JSON beside the database file; upgrades of old files are small registered functions.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from crm_desktop.i18n import N_

VERSION = 1


@dataclass(frozen=True)
class Option:
    key: str  # "section.name"
    default: Any
    title: str  # English, marked for translation
    kind: type = str
    minimum: float | None = None
    maximum: float | None = None
    secret: bool = False  # secrets never live here: the keyring holds them


OPTIONS: dict[str, Option] = {}


def declare(*options: Option) -> None:
    for option in options:
        if option.key in OPTIONS:
            raise ValueError(f"setting {option.key} declared twice")
        OPTIONS[option.key] = option


declare(
    Option("general.language", "", N_("Language (es, en; empty: from the system)")),
    Option("general.current_user", "", N_("Signed-in rep (username)")),
    Option("company.name", "Soluciones Andinas S.A.S.", N_("Company name")),
    Option("company.tax_id", "900.123.456-8", N_("Company tax id")),
    Option("company.address", "Carrera 7 # 71-21, Bogotá", N_("Company address")),
    Option("company.phone", "+57 601 555 0100", N_("Company phone")),
    Option("company.email", "ventas@solucionesandinas.co", N_("Company e-mail")),
    Option("company.website", "www.solucionesandinas.co", N_("Company website")),
    Option("company.logo_path", "", N_("Company logo (PNG or JPEG file)")),
)

Migration = Callable[[dict[str, Any]], dict[str, Any]]
MIGRATIONS: dict[int, Migration] = {}  # from version N to N+1


def _encode(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


class Settings:
    """Values of the declared options, read from and written to one JSON file."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._values: dict[str, Any] = {}
        if path is not None and path.exists():
            self._values = self._upgrade(json.loads(path.read_text(encoding="utf-8")))

    @classmethod
    def beside(cls, db_path: Path) -> Settings:
        return cls(db_path.with_name(db_path.stem + ".settings.json"))

    def _upgrade(self, data: dict[str, Any]) -> dict[str, Any]:
        version = int(data.get("version", 1))
        while version < VERSION:
            data = MIGRATIONS[version](data)
            version += 1
        values: dict[str, Any] = data.get("values", {})
        return values

    def get(self, key: str) -> Any:
        option = OPTIONS[key]
        raw = self._values.get(key, option.default)
        if option.kind is Decimal:
            return Decimal(str(raw))
        return option.kind(raw) if raw is not None else None

    def set(self, key: str, value: Any) -> None:
        option = OPTIONS[key]
        if option.secret:
            raise ValueError(f"{key} is a secret: store it in the keyring")
        self._values[key] = _encode(value)

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(
            json.dumps({"version": VERSION, "values": self._values}, indent=1, ensure_ascii=False),
            encoding="utf-8",
        )
        tmp.replace(self.path)
