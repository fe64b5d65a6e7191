"""Which column of the file goes to which field: automatic matching of Spanish and English
headers, the header row found below merged title rows, and named presets saved as JSON."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from crm_desktop.i18n import N_

# field -> (its title, the headers that mean it). Keys "contact.*" fill the row's contact.
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "legal_name": (
        N_("Legal name"),
        ("razon social", "nombre", "empresa", "cliente", "legal name", "company", "name"),
    ),
    "trade_name": (N_("Trade name"), ("nombre comercial", "trade name", "dba")),
    "tax_id_kind": (N_("Tax id kind"), ("tipo de documento", "tipo documento", "tax id kind")),
    "tax_id": (
        N_("Tax id"),
        ("nit", "n i t", "cuit", "rut", "documento", "tax id", "vat", "cedula"),
    ),
    "legal_representative": (
        N_("Legal representative"),
        ("representante legal", "legal representative"),
    ),
    "address": (N_("Address"), ("direccion", "domicilio", "address")),
    "city": (N_("City"), ("ciudad", "municipio", "localidad", "city")),
    "region": (N_("Region"), ("departamento", "provincia", "region", "state")),
    "country": (N_("Country"), ("pais", "country")),
    "phone": (N_("Phone"), ("telefono", "tel", "phone", "telephone")),
    "email": (N_("E-mail"), ("correo", "correo electronico", "email", "e-mail", "mail")),
    "website": (N_("Website"), ("sitio web", "pagina web", "web", "website")),
    "segment": (N_("Segment"), ("segmento", "segment")),
    "notes": (N_("Notes"), ("notas", "observaciones", "notes", "comments")),
    "contact.first_name": (
        N_("Contact first name"),
        ("nombre contacto", "contacto", "nombres", "contact first name", "first name", "contact"),
    ),
    "contact.last_name": (
        N_("Contact last name"),
        ("apellido contacto", "apellidos", "apellido", "contact last name", "last name"),
    ),
    "contact.job_title": (N_("Contact job title"), ("cargo", "puesto", "job title", "title")),
    "contact.phone": (N_("Contact phone"), ("telefono contacto", "contact phone")),
    "contact.mobile": (N_("Contact mobile"), ("celular", "movil", "mobile", "cell phone")),
    "contact.email": (
        N_("Contact e-mail"),
        ("correo contacto", "email contacto", "contact email", "contact e-mail"),
    ),
}


def normalise(header: str) -> str:
    """Lower case, no accents, no punctuation: "Razón Social:" and "razon social" meet."""
    plain = unicodedata.normalize("NFKD", header).encode("ascii", "ignore").decode()
    kept = "".join(ch if ch.isalnum() or ch == "-" else " " for ch in plain.lower())
    return " ".join(kept.split())


Fields = dict[str, tuple[str, tuple[str, ...]]]


def _aliases(fields: Fields) -> dict[str, str]:
    return {alias: field for field, (_, aliases) in fields.items() for alias in aliases}


_ALIASES = _aliases(FIELDS)


def match_header(header: str, fields: Fields | None = None) -> str | None:
    aliases = _ALIASES if fields is None else _aliases(fields)
    return aliases.get(normalise(header))


def auto_mapping(headers: list[str], fields: Fields | None = None) -> dict[int, str]:
    """column index -> field (of the accounts' fields unless told), each field at most once
    (the first column that means it)."""
    aliases = _ALIASES if fields is None else _aliases(fields)
    mapping: dict[int, str] = {}
    for index, header in enumerate(headers):
        field = aliases.get(normalise(header))
        if field is not None and field not in mapping.values():
            mapping[index] = field
    return mapping


def find_header_row(rows: list[list[str]], look: int = 10, fields: Fields | None = None) -> int:
    """The row among the first ones whose cells match the most known headers (a title or a
    merged banner above the header is skipped); 0 when none match."""
    scores = [(len(auto_mapping(row, fields)), -i) for i, row in enumerate(rows[:look])]
    best, negative_index = max(scores, default=(0, 0))
    return -negative_index if best else 0


@dataclass(frozen=True)
class Preset:
    """A saved mapping by header text, so it applies to next month's file in any column order."""

    name: str
    by_header: dict[str, str]

    def apply(self, headers: list[str]) -> dict[int, str]:
        wanted = {normalise(h): f for h, f in self.by_header.items()}
        return {i: wanted[normalise(h)] for i, h in enumerate(headers) if normalise(h) in wanted}


class PresetStore:
    """Named presets in one JSON file (the user's own settings, not synced)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _load(self) -> dict[str, dict[str, str]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def names(self) -> list[str]:
        return sorted(self._load())

    def get(self, name: str) -> Preset | None:
        found = self._load().get(name)
        return Preset(name, dict(found)) if found else None

    def save(self, name: str, headers: list[str], mapping: dict[int, str]) -> Preset:
        data = self._load()
        data[name] = {headers[i]: field for i, field in mapping.items()}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        return Preset(name, data[name])

    def delete(self, name: str) -> None:
        data = self._load()
        data.pop(name, None)
        self.path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
