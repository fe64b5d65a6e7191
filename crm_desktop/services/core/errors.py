"""Typed errors the UI can show next to each field."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

from crm_desktop.i18n import gettext


@dataclass(frozen=True)
class FieldProblem:
    """One problem with one field: a stable code and an English message to translate."""

    field: str
    code: str
    message: str
    params: dict[str, Any] = dc_field(default_factory=dict, compare=False, hash=False)

    def text(self, lang: str | None = None) -> str:
        return gettext(self.message, lang, **self.params)


class ValidationError(ValueError):
    """Every problem found in one piece of input, all at once; nothing was saved."""

    def __init__(self, problems: Iterable[FieldProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(f"{p.field}: {p.text('en')}" for p in self.problems))

    def text(self, lang: str | None = None) -> str:
        """Every problem in the reader's words, once each, one per line: never a field's code
        name (str() of the error, with them, is for logs)."""
        seen: list[str] = []
        for problem in self.problems:
            message = problem.text(lang)
            if message not in seen:
                seen.append(message)
        return "\n".join(seen)

    def by_field(self, lang: str | None = None) -> dict[str, list[str]]:
        result: dict[str, list[str]] = {}
        for problem in self.problems:
            result.setdefault(problem.field, []).append(problem.text(lang))
        return result

    def codes(self) -> dict[str, str]:
        """field -> code of its first problem; what tests and the server check."""
        result: dict[str, str] = {}
        for problem in self.problems:
            result.setdefault(problem.field, problem.code)
        return result


class NotFound(LookupError):
    def __init__(self, table: str, row_id: str) -> None:
        self.table, self.row_id = table, row_id
        super().__init__(f"{table} {row_id} does not exist")


class NotAllowed(PermissionError):
    """The action is not allowed for this user or in this state (e.g. editing a sent quote)."""

    def __init__(self, message: str, **params: Any) -> None:
        self.message, self.params = message, params
        super().__init__(gettext(message, "en", **params))

    def text(self, lang: str | None = None) -> str:
        return gettext(self.message, lang, **self.params)
