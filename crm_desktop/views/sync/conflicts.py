"""Sync leftovers the rep decides on: conflicts, refused changes, reassigned accounts' changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.sync import resolve, setaside
from crm_desktop.sync.setaside_words import explain
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.guard import while_alive
from crm_desktop.views.common.labels import QT_TRANSLATE_NOOP
from crm_desktop.views.common.ops import ChangeSet

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

TABLE_NAMES = {
    "accounts": QT_TRANSLATE_NOOP("Conflicts", "Account"),
    "contacts": QT_TRANSLATE_NOOP("Conflicts", "Contact"),
    "visits": QT_TRANSLATE_NOOP("Conflicts", "Visit"),
    "activities": QT_TRANSLATE_NOOP("Conflicts", "Activity"),
    "opportunities": QT_TRANSLATE_NOOP("Conflicts", "Opportunity"),
    "quotes": QT_TRANSLATE_NOOP("Conflicts", "Quote"),
    "quote_lines": QT_TRANSLATE_NOOP("Conflicts", "Quote line"),
    "reminders": QT_TRANSLATE_NOOP("Conflicts", "Reminder"),
    "products": QT_TRANSLATE_NOOP("Conflicts", "Product"),
}
FIELD_NAMES = {
    "legal_name": QT_TRANSLATE_NOOP("Conflicts", "Legal name"),
    "trade_name": QT_TRANSLATE_NOOP("Conflicts", "Trade name"),
    "tax_id": QT_TRANSLATE_NOOP("Conflicts", "Tax id"),
    "phone": QT_TRANSLATE_NOOP("Conflicts", "Phone"),
    "mobile": QT_TRANSLATE_NOOP("Conflicts", "Mobile"),
    "email": QT_TRANSLATE_NOOP("Conflicts", "E-mail"),
    "website": QT_TRANSLATE_NOOP("Conflicts", "Website"),
    "address": QT_TRANSLATE_NOOP("Conflicts", "Address"),
    "city": QT_TRANSLATE_NOOP("Conflicts", "City"),
    "region": QT_TRANSLATE_NOOP("Conflicts", "Region"),
    "segment": QT_TRANSLATE_NOOP("Conflicts", "Segment"),
    "notes": QT_TRANSLATE_NOOP("Conflicts", "Notes"),
    "first_name": QT_TRANSLATE_NOOP("Conflicts", "First name"),
    "last_name": QT_TRANSLATE_NOOP("Conflicts", "Last name"),
    "job_title": QT_TRANSLATE_NOOP("Conflicts", "Job title"),
    "owner_id": QT_TRANSLATE_NOOP("Conflicts", "Owner"),
    "name": QT_TRANSLATE_NOOP("Conflicts", "Name"),
    "stage": QT_TRANSLATE_NOOP("Conflicts", "Stage"),
    "amount": QT_TRANSLATE_NOOP("Conflicts", "Amount"),
    "status": QT_TRANSLATE_NOOP("Conflicts", "Status"),
    "subject": QT_TRANSLATE_NOOP("Conflicts", "Subject"),
    "purpose": QT_TRANSLATE_NOOP("Conflicts", "Purpose"),
    "outcome": QT_TRANSLATE_NOOP("Conflicts", "Outcome"),
    "next_step": QT_TRANSLATE_NOOP("Conflicts", "Next step"),
    "description": QT_TRANSLATE_NOOP("Conflicts", "Description"),
    # the laptop's unique keys, named when a pulled row collides on one
    "number": QT_TRANSLATE_NOOP("Conflicts", "Number"),
    "quote_id": QT_TRANSLATE_NOOP("Conflicts", "Quote"),
    "revision": QT_TRANSLATE_NOOP("Conflicts", "Revision"),
    "rule_key": QT_TRANSLATE_NOOP("Conflicts", "Rule"),
    "code": QT_TRANSLATE_NOOP("Conflicts", "Code"),
    "username": QT_TRANSLATE_NOOP("Conflicts", "User name"),
}
WATCHED = ("sync_conflicts", "sync_outbox", "sync_unapplied", "*")


@dataclass(frozen=True)
class Leftovers:
    conflicts: list[resolve.ConflictView]
    held: list[resolve.HeldOpView]
    names: dict[tuple[str, str], str]
    unapplied: list[setaside.UnappliedView] = field(default_factory=list)


def _name_of(session: Session, table: str, row_id: str) -> str:
    from sqlalchemy import text

    column = {"accounts": "legal_name", "contacts": "first_name || ' ' || last_name",
              "quotes": "number", "opportunities": "name"}.get(table)  # fmt: skip
    if column is None:
        return row_id[-6:]
    found = session.execute(
        text(f"SELECT {column} FROM {table} WHERE id = :id"), {"id": row_id}
    ).scalar()
    return str(found) if found else row_id[-6:]


def load_leftovers(session: Session) -> Leftovers:
    conflicts, held = resolve.open_conflicts(session), resolve.held_ops(session)
    names = {(c.table, c.row_id): _name_of(session, c.table, c.row_id) for c in conflicts}
    for h in held:
        names[(h.table, h.row_id)] = h.account_name if h.table == "accounts" and h.account_name \
            else _name_of(session, h.table, h.row_id)  # fmt: skip
    return Leftovers(conflicts, held, names, setaside.unapplied_rows(session))


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        if value:
            return QCoreApplication.translate("Conflicts", "yes")
        return QCoreApplication.translate("Conflicts", "no")
    return str(value)


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[tuple[Any, list[str]]]) -> None:
    table.setRowCount(len(rows))
    for r, (key, cells) in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, key)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()


class ConflictsPage(QWidget):
    """Conflicts (keep either side), refused changes (resend or discard), reassigned accounts."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tabs = QTabWidget()
        self.conflicts = _table([self.tr("Record"), self.tr("Field"), self.tr("Before"),
                                 self.tr("On the server"), self.tr("On this laptop")])  # fmt: skip
        self.refused = _table([self.tr("Record"), self.tr("Change"), self.tr("Reason")])
        self.reassigned = _table(
            [self.tr("Account"), self.tr("Record"), self.tr("Your unsent changes")]
        )
        self.unapplied = _table([self.tr("Record"), self.tr("Version"), self.tr("Reason")])
        self.keep_server = QPushButton(self.tr("Keep the server's value"))
        self.keep_local = QPushButton(self.tr("Keep my value"))
        self.resend = QPushButton(self.tr("Send again"))
        self.discard = QPushButton(self.tr("Discard"))
        self.discard_reassigned = QPushButton(self.tr("Discard"))
        self.dismiss_reason = QLineEdit()
        self.dismiss_reason.setPlaceholderText(self.tr("Why you dismiss it (required)"))
        self.dismiss_reason.setMaxLength(setaside.MAX_DISMISS_REASON)
        self.dismiss_reason.setMinimumWidth(560)
        self.dismiss = QPushButton(self.tr("Dismiss"))
        self.dismiss.setToolTip(self.tr(
            "For a record that can never be stored here (e.g. a quote number already taken): "
            "it is no longer listed or counted; who, when and why are kept. A newer version of "
            "the record is shown again."))  # fmt: skip
        self.dismiss.setEnabled(False)
        self.dismiss.clicked.connect(self._dismiss)
        self.dismiss_reason.textChanged.connect(self._dismiss_ready)
        self.keep_server.clicked.connect(lambda: self._act(self.conflicts, resolve.keep_server))
        self.keep_local.clicked.connect(lambda: self._act(self.conflicts, resolve.keep_local))
        self.resend.clicked.connect(lambda: self._act(self.refused, resolve.resend))
        self.discard.clicked.connect(lambda: self._act(self.refused, resolve.discard))
        self.discard_reassigned.clicked.connect(lambda: self._act(self.reassigned, resolve.discard))
        self.tabs.addTab(self._tab(self.conflicts, self.tr(
            "You and someone else changed the same thing. The server kept its value; "
            "keep it, or put yours back (it will be sent on the next sync)."),
            self.keep_server, self.keep_local), self.tr("Conflicts"))  # fmt: skip
        self.tabs.addTab(self._tab(self.refused, self.tr(
            "The server did not accept these changes. Fix the record, then send it again, "
            "or discard the change."), self.resend, self.discard),
            self.tr("Refused changes"))  # fmt: skip
        self.tabs.addTab(self._tab(self.reassigned, self.tr(
            "This account was reassigned; your unsent changes are here."),
            self.discard_reassigned), self.tr("Reassigned accounts"))  # fmt: skip
        self.tabs.addTab(self._tab(self.unapplied, self.tr(
            "These records came from the server but could not be stored on this laptop. "
            "Everything else synced. They are applied when a newer version, or the record "
            "they belong to, arrives. One that never can be, you may dismiss with a reason."),
            self.dismiss_reason, self.dismiss), self.tr("Could not be applied"))  # fmt: skip
        self.unapplied.itemSelectionChanged.connect(self._dismiss_ready)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        ctx.ops.changed.connect(while_alive(self, self._on_changed))
        self.reload()

    def _tab(self, table: QTableWidget, help_text: str, *buttons: QWidget) -> QWidget:
        tab = QWidget()
        note = QLabel(help_text)
        note.setWordWrap(True)
        row = QHBoxLayout()
        row.addStretch(1)
        for button in buttons:
            row.addWidget(button)
        layout = QVBoxLayout(tab)
        layout.addWidget(note)
        layout.addWidget(table, 1)
        layout.addLayout(row)
        return tab

    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.touches(*WATCHED):
            self.reload()

    def reload(self) -> None:
        self.ctx.ops.read(load_leftovers, while_alive(self, self.show_leftovers))

    def _record(self, data: Leftovers, table: str, row_id: str) -> str:
        kind = QCoreApplication.translate("Conflicts", TABLE_NAMES.get(table, table))
        return f"{kind}: {data.names.get((table, row_id), row_id[-6:])}"

    def show_leftovers(self, data: Leftovers) -> None:
        deleted = self.tr("(deleted)")
        _fill(self.conflicts, [
            (c.id, [self._record(data, c.table, c.row_id),
                    self.tr("the whole record") if c.field == "deleted_at" else _field(c.field)
                    + (self.tr(" (merged with another change, it breaks a rule)")
                       if c.kind == "rule" else ""),
                    _show(c.base), deleted if c.kind == "edit_vs_delete" else _show(c.server),
                    deleted if c.kind == "delete_vs_edit" else _show(c.local)])
            for c in data.conflicts
        ])  # fmt: skip
        _fill(self.refused, [
            (h.op_seq, [self._record(data, h.table, h.row_id), _changes(h.fields),
                        "; ".join([h.reason, *(f"{k}: {v}" for k, v in h.problems.items())])])
            for h in data.held if h.state == "refused"
        ])  # fmt: skip
        _fill(self.reassigned, [
            (h.op_seq, [h.account_name or "", self._record(data, h.table, h.row_id),
                        _changes(h.fields)])
            for h in data.held if h.state == "reassigned"
        ])  # fmt: skip
        _fill(self.unapplied, [
            ((u.table, u.row_id, u.version),
             [self._unapplied_record(u), str(u.version), self._why(u)])
            for u in data.unapplied
        ])  # fmt: skip
        for index, count in enumerate((len(data.conflicts), self.refused.rowCount(),
                                       self.reassigned.rowCount(),
                                       self.unapplied.rowCount())):  # fmt: skip
            self.tabs.tabBar().setTabTextColor(
                index, Qt.GlobalColor.darkRed if count else Qt.GlobalColor.black
            )

    def _unapplied_record(self, u: setaside.UnappliedView) -> str:
        kind = QCoreApplication.translate("Conflicts", TABLE_NAMES.get(u.table, u.table))
        label = u.fields.get("legal_name") or u.fields.get("number") or u.fields.get("name")
        return f"{kind}: {label if isinstance(label, str) else u.row_id[-6:]}"

    def _why(self, u: setaside.UnappliedView) -> str:
        """The stored reason (SQLite's or the checks' English) in the rep's words."""
        return why_in_words(u.kind, u.reason, self.ctx.language)

    def _act(self, table: QTableWidget, action: Any) -> None:
        items = table.selectedItems()
        if not items:
            return
        key = items[0].data(Qt.ItemDataRole.UserRole)
        self.ctx.ops.write(lambda session: action(session, key),
                           ChangeSet(tables=frozenset({"sync_conflicts", "sync_outbox", "*"})),
                           on_failure=while_alive(self, self._failed))  # fmt: skip

    def _dismiss_ready(self) -> None:
        chosen = bool(self.unapplied.selectedItems())
        self.dismiss.setEnabled(chosen and bool(self.dismiss_reason.text().strip()))

    def _dismiss(self) -> None:
        items = self.unapplied.selectedItems()
        reason = self.dismiss_reason.text()
        if not items or not reason.strip():
            return
        table, row_id, version = items[0].data(Qt.ItemDataRole.UserRole)
        user = self.ctx.user_id

        def write(session: Session) -> None:
            setaside.dismiss(session, table, row_id, reason, user, version)

        self.ctx.ops.write(write, ChangeSet(tables=frozenset({"sync_unapplied"})),
                           on_success=while_alive(self, lambda _r: self.dismiss_reason.clear()),
                           on_failure=while_alive(self, self._failed))  # fmt: skip

    def _failed(self, error: Exception) -> None:
        text = error.text(self.ctx.language) if hasattr(error, "text") else str(error)
        self.tabs.setToolTip(text)


def why_in_words(kind: str, reason: str, language: str) -> str:
    """Why a pulled row was set aside, with the columns and tables named as on screen."""
    return explain(kind, reason, language, _field, _kind_of_record)


def _kind_of_record(name: str) -> str:
    source = TABLE_NAMES.get(name)
    return QCoreApplication.translate("Conflicts", source).lower() if source else name


def _field(name: str | None) -> str:
    source = FIELD_NAMES.get(name or "")
    return QCoreApplication.translate("Conflicts", source) if source else (name or "")


def _changes(fields: dict[str, Any]) -> str:
    shown = [f"{_field(k)} = {_show(v)}" for k, v in sorted(fields.items()) if k != "id"]
    return ", ".join(shown)[:300]


class ConflictsWindow(QMainWindow):
    """The Conflicts page in its own window, opened from the status bar."""

    _open: ClassVar[dict[int, ConflictsWindow]] = {}

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sync: conflicts and refused changes"))
        self.page = ConflictsPage(ctx, self)
        self.setCentralWidget(self.page)
        self.resize(900, 480)

    @classmethod
    def show_for(cls, ctx: AppContext, parent: QWidget) -> ConflictsWindow:
        window = cls._open.get(id(parent))
        if window is None:
            window = cls._open[id(parent)] = cls(ctx, parent)
        window.show()
        window.raise_()
        return window
