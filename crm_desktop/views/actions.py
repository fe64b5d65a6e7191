"""The program's actions, declared once as data and turned into QActions for menus and toolbar.

Each ActionSpec names a handler method of the main window and, optionally, a predicate that
says when the action is enabled; the window re-evaluates predicates when the page, the
selection or the data change. Titles are marked with QT_TRANSLATE_NOOP("Actions", ...) and
translated when the QAction is made.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence

from crm_desktop.views.common.labels import QT_TRANSLATE_NOOP


class ActionHost(Protocol):
    """What predicates may ask of the window."""

    def current_page_id(self) -> str: ...

    def selected_account_id(self) -> str | None: ...


Predicate = Callable[[ActionHost], bool]


@dataclass(frozen=True)
class ActionSpec:
    id: str
    title: str  # English, marked with QT_TRANSLATE_NOOP("Actions", ...)
    shortcut: str | None  # portable text, e.g. "Ctrl+N"
    handler: str  # name of the main window's method that runs it
    args: tuple[Any, ...] = ()
    enabled: Predicate | None = None  # None: always enabled
    menu: str = "file"
    toolbar: bool = False


def _account_selected(host: ActionHost) -> bool:
    return host.current_page_id() == "accounts" and host.selected_account_id() is not None


def _go(page: str, title: str, key: int) -> ActionSpec:
    return ActionSpec(f"go_{page}", title, f"Ctrl+{key}", "go_to", (page,), menu="go")


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "new_account",
        QT_TRANSLATE_NOOP("Actions", "New account…"),
        "Ctrl+N",
        "new_account",
        toolbar=True,
    ),
    ActionSpec(
        "import_accounts",
        QT_TRANSLATE_NOOP("Actions", "Import from a spreadsheet…"),
        "Ctrl+Shift+I",
        "import_accounts",
    ),
    ActionSpec(
        "import_vcard",
        QT_TRANSLATE_NOOP("Actions", "Import contacts from vCard…"),
        None,
        "import_contacts_vcard",
    ),
    ActionSpec(
        "export_vcard",
        QT_TRANSLATE_NOOP("Actions", "Export contacts as vCard…"),
        None,
        "export_contacts_vcard",
    ),
    ActionSpec(
        "export_ical",
        QT_TRANSLATE_NOOP("Actions", "Export visits as iCalendar…"),
        None,
        "export_visits_ical",
    ),
    ActionSpec(
        "duplicate_accounts",
        QT_TRANSLATE_NOOP("Actions", "Duplicate accounts…"),
        None,
        "duplicate_accounts",
        menu="account",
    ),
    ActionSpec(
        "privacy_log",
        QT_TRANSLATE_NOOP("Actions", "Data-subject requests (audit log)…"),
        None,
        "open_privacy_log",
    ),
    ActionSpec("refresh", QT_TRANSLATE_NOOP("Actions", "Refresh"), "F5", "refresh", menu="view"),
    ActionSpec("quit", QT_TRANSLATE_NOOP("Actions", "Quit"), "Ctrl+Q", "close"),
    _go("today", QT_TRANSLATE_NOOP("Actions", "Today"), 1),
    _go("accounts", QT_TRANSLATE_NOOP("Actions", "Accounts"), 2),
    _go("pipeline", QT_TRANSLATE_NOOP("Actions", "Pipeline"), 3),
    _go("quotes", QT_TRANSLATE_NOOP("Actions", "Quotes"), 4),
    _go("reports", QT_TRANSLATE_NOOP("Actions", "Reports"), 5),
    _go("campaigns", QT_TRANSLATE_NOOP("Actions", "Campaigns"), 6),
    _go("settings", QT_TRANSLATE_NOOP("Actions", "Settings"), 7),
    ActionSpec(
        "focus_search",
        QT_TRANSLATE_NOOP("Actions", "Find an account"),
        "Ctrl+F",
        "focus_search",
        menu="go",
    ),
    ActionSpec(
        "record_visit",
        QT_TRANSLATE_NOOP("Actions", "Record a visit…"),
        "Ctrl+R",
        "record_visit",
        menu="account",
        toolbar=True,
    ),
    ActionSpec(
        "log_call",
        QT_TRANSLATE_NOOP("Actions", "Log a call…"),
        "Ctrl+L",
        "log_call",
        menu="account",
        toolbar=True,
    ),
    ActionSpec(
        "open_account",
        QT_TRANSLATE_NOOP("Actions", "Open the selected account"),
        "Ctrl+O",
        "open_selected_account",
        enabled=_account_selected,
        menu="account",
    ),
)

MENUS: tuple[tuple[str, str], ...] = (
    ("file", QT_TRANSLATE_NOOP("Actions", "&File")),
    ("go", QT_TRANSLATE_NOOP("Actions", "&Go")),
    ("account", QT_TRANSLATE_NOOP("Actions", "&Account")),
    ("view", QT_TRANSLATE_NOOP("Actions", "&View")),
)


def make_action(spec: ActionSpec, host: QObject) -> QAction:
    """A QAction for spec whose trigger calls host.<handler>(*args)."""
    action = QAction(QCoreApplication.translate("Actions", spec.title), host)
    action.setObjectName(f"action_{spec.id}")
    if spec.shortcut:
        action.setShortcut(QKeySequence(spec.shortcut))
    handler = getattr(host, spec.handler)
    action.triggered.connect(lambda _checked=False: handler(*spec.args))
    return action


def update_enabled(actions: dict[str, QAction], host: ActionHost) -> None:
    """Re-evaluate every predicate (after a page, selection or data change)."""
    for spec in ACTIONS:
        if spec.enabled is not None:
            actions[spec.id].setEnabled(spec.enabled(host))
