"""Item models of the 360° view: the timeline (with its painter) and the contacts table."""

from __future__ import annotations

import re
from typing import Any

import phonenumbers
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from crm_desktop.services.accounts.timeline import ContactRow, TimelineEntry
from crm_desktop.views.common import fmt
from crm_desktop.views.common.labels import LABELS, label
from crm_desktop.views.common.rows_model import ListTableModel

Index = QModelIndex | QPersistentModelIndex
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
LINES_ROLE = Qt.ItemDataRole.UserRole + 2
THUMB_ROLE = Qt.ItemDataRole.UserRole + 3
THUMB_SIDE = 48  # an attached photo's thumbnail at the right of its entry

# Colour of each kind of entry: the bar at the left of its row.
KIND_COLOURS = {
    "visit": "#2e7d32",
    "call": "#1565c0",
    "email": "#6a1b9a",
    "note": "#757575",
    "notification": "#00838f",
    "rejection": "#c62828",
    "stage_change": "#ef6c00",
    "opportunity": "#f9a825",
    "quote": "#5d4037",
    "quote_revision": "#8d6e63",
    "quote_acceptance": "#1b5e20",
    "attachment": "#455a64",
}
KIND_TITLES = {
    "visit": QT_TRANSLATE_NOOP("Timeline", "Visit"),
    "opportunity": QT_TRANSLATE_NOOP("Timeline", "Opportunity"),
    "quote": QT_TRANSLATE_NOOP("Timeline", "Quote"),
    "quote_revision": QT_TRANSLATE_NOOP("Timeline", "Quote revision"),
    "quote_acceptance": QT_TRANSLATE_NOOP("Timeline", "Quote accepted and signed"),
    "attachment": QT_TRANSLATE_NOOP("Timeline", "Photo attached"),
}
_STAGE_WORD = re.compile(r"\b(" + "|".join(LABELS["stage"]) + r")\b")


def _tr(text: object) -> str:
    return QCoreApplication.translate("Timeline", str(text))


def kind_title(kind: str) -> str:
    if kind in KIND_TITLES:
        return _tr(KIND_TITLES[kind])
    return label("activity", kind)


def status_text(entry: TimelineEntry) -> str:
    """The entry's outcome, answer, stage or status in words."""
    code = entry.code
    if entry.kind == "visit":
        return label("outcome", code) if code in LABELS["outcome"] else label("visit_status", code)
    if entry.kind == "call":
        return label("call_result", code)
    if entry.kind == "opportunity":
        return label("stage", code)
    if entry.kind == "quote":
        return label("quote_status", code)
    if entry.kind in ("quote_revision", "quote_acceptance"):
        return _tr(QT_TRANSLATE_NOOP("Timeline", "Revision %1")).replace("%1", code or "")
    return ""


def title_text(entry: TimelineEntry) -> str:
    """The title; stage codes in a stage change ("proposal → negotiation") become words."""
    if entry.kind == "stage_change":
        return _STAGE_WORD.sub(lambda m: label("stage", m.group(1)), entry.title)
    return entry.title


def detail_lines(entry: TimelineEntry) -> int:
    """How many lines of text go under the heading (at most two are drawn), cheaply."""
    count = (entry.detail.count("\n") + 1 if entry.detail else 0) + (entry.amount is not None)
    return min(2, count + (entry.follow_up_on is not None))


def detail_text(entry: TimelineEntry) -> str:
    lines = [entry.detail] if entry.detail else []
    if entry.amount is not None:
        lines.insert(0, fmt.money(entry.amount, entry.currency or "COP"))
    if entry.follow_up_on is not None:
        follow = _tr(QT_TRANSLATE_NOOP("Timeline", "Follow up on %1"))
        lines.append(follow.replace("%1", fmt.day(entry.follow_up_on)))
    return "\n".join(lines)


class TimelineModel(QAbstractListModel):
    """Every interaction with an account, newest first; replaced whole on each load."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[TimelineEntry] = []
        self.lines: list[int] = []
        self.thumbs: dict[str, QPixmap] = {}  # attachment id -> thumbnail

    def set_thumbnails(self, thumbs: dict[str, QPixmap]) -> None:
        self.thumbs = thumbs
        if self.entries:
            self.dataChanged.emit(self.index(0), self.index(len(self.entries) - 1), [THUMB_ROLE])

    def set_entries(self, entries: list[TimelineEntry]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.lines = [detail_lines(entry) for entry in self.entries]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        entry = self.entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{kind_title(entry.kind)}: {title_text(entry)}"
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole of what a narrow view elides
            return "\n".join(t for t in (heading_text(entry), detail_text(entry)) if t)
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(KIND_COLOURS.get(entry.kind, "#9e9e9e"))
        if role == ENTRY_ROLE:
            return entry
        if role == LINES_ROLE:
            return self.lines[index.row()]
        if role == THUMB_ROLE:
            return self.thumbs.get(entry.ref_id) if entry.kind == "attachment" else None
        return None


class TimelineDelegate(QStyledItemDelegate):
    """Paints an entry as a coloured bar, kind and title, time and who, and two lines of text."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        """A line for the heading, one for when and who, two more when there is text."""
        lines = index.data(LINES_ROLE) or 0
        height = option.fontMetrics.height() * (2 + lines) + 16
        entry: TimelineEntry | None = index.data(ENTRY_ROLE)
        if entry is not None and entry.kind == "attachment":
            height = max(height, THUMB_SIDE + 8)
        return QSize(200, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        entry: TimelineEntry | None = index.data(ENTRY_ROLE)
        if entry is None:
            return
        painter.save()
        rect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, option.palette.highlight())
        painter.fillRect(QRect(rect.left() + 2, rect.top() + 4, 5, rect.height() - 8),
                         QColor(KIND_COLOURS.get(entry.kind, "#9e9e9e")))  # fmt: skip
        text_colour = option.palette.highlightedText() if selected else option.palette.text()
        painter.setPen(text_colour.color())
        left, width = rect.left() + 14, rect.width() - 20
        thumb: QPixmap | None = index.data(THUMB_ROLE)
        if thumb is not None and not thumb.isNull():
            width -= THUMB_SIDE + 6
            side = thumb.scaled(THUMB_SIDE, THUMB_SIDE, Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawPixmap(rect.right() - THUMB_SIDE - 4, rect.top() + 4, side)
        line = option.fontMetrics.height()
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        # The heading has the whole width (beside the time it was cut at 1366 px: "Visita ·
        # Seguimiento d…"); when and who on the line under it; the tooltip has all of it.
        elided = painter.fontMetrics().elidedText(
            heading_text(entry), Qt.TextElideMode.ElideRight, width
        )
        painter.drawText(QRect(left, rect.top() + 4, width, line), 0, elided)
        painter.setFont(option.font)
        when = fmt.moment(entry.when) + (f" · {entry.who}" if entry.who else "")
        if not selected:
            painter.setPen(option.palette.placeholderText().color())
        when = option.fontMetrics.elidedText(when, Qt.TextElideMode.ElideRight, width)
        painter.drawText(QRect(left, rect.top() + 5 + line, width, line), 0, when)
        painter.setPen(text_colour.color())
        # Each line of text on its own row (notes, then the reason or next step), elided.
        for number, text in enumerate(detail_text(entry).split("\n")[:2]):
            elided = option.fontMetrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
            top = rect.top() + 6 + line * (number + 2)
            painter.drawText(QRect(left, top, width, line), 0, elided)
        painter.restore()


def heading_text(entry: TimelineEntry) -> str:
    """Kind · title — status, the first line of a timeline entry."""
    head = f"{kind_title(entry.kind)} · {title_text(entry)}"
    status = status_text(entry)
    return f"{head} — {status}" if status else head


def phone_text(number: str | None) -> str:
    """+576014806126 as people dial it here: 601 4806126; foreign numbers stay international."""
    if not number:
        return ""
    try:
        parsed = phonenumbers.parse(number, "CO")
    except phonenumbers.NumberParseException:
        return number
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if parsed.country_code == 57
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return str(phonenumbers.format_number(parsed, style))


CONTACT_COLUMNS = (
    QT_TRANSLATE_NOOP("ContactsModel", "Name"),
    QT_TRANSLATE_NOOP("ContactsModel", "Job title"),
    QT_TRANSLATE_NOOP("ContactsModel", "Phone"),
    QT_TRANSLATE_NOOP("ContactsModel", "Mobile"),
    QT_TRANSLATE_NOOP("ContactsModel", "E-mail address"),
)


class ContactsModel(ListTableModel[ContactRow]):
    """The account's contacts, primary first (marked with a star)."""

    def __init__(self) -> None:
        super().__init__("ContactsModel", [str(title) for title in CONTACT_COLUMNS])

    @property
    def contacts(self) -> list[ContactRow]:
        return self.rows

    def set_contacts(self, contacts: list[ContactRow]) -> None:
        self.set_rows(contacts)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.contacts):
            return None
        contact = self.contacts[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            values = (
                ("★ " if contact.is_primary else "") + contact.full_name,
                contact.job_title or "",
                phone_text(contact.phone),
                phone_text(contact.mobile),
                contact.email or "",
            )
            return values[index.column()] if 0 <= index.column() < len(values) else None
        if role == Qt.ItemDataRole.FontRole and contact.is_primary:
            font = QFont()
            font.setBold(True)
            return font
        if role == ENTRY_ROLE:
            return contact
        return None
