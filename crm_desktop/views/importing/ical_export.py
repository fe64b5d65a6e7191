"""Export the rep's visits and open reminders of today or this week as an .ics file."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from crm_desktop.clock import today
from crm_desktop.documents.ical import Span, calendar
from crm_desktop.views.common.context import AppContext

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class ICalExport(QObject):
    exported = Signal(str)  # the file written

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx, self.window = ctx, parent

    def zone(self) -> str:
        return str(self.ctx.settings.get("followup.timezone"))

    def span(self, week: bool) -> Span:
        day = today(self.ctx.clock, self.zone())
        if not week:
            return Span(day, 1, self.zone())
        return Span(day - timedelta(days=day.weekday()), 7, self.zone())  # Monday to Sunday

    def ask_and_export(self) -> None:
        choices = [self.tr("Today"), self.tr("This week")]
        choice, ok = QInputDialog.getItem(
            self.window, self.tr("Export visits as iCalendar"), self.tr("Which days:"), choices,
            0, False,
        )  # fmt: skip
        if not ok:
            return
        span = self.span(choice == choices[1])
        name = f"visitas-{span.first.isoformat()}.ics"
        path, _filter = QFileDialog.getSaveFileName(
            self.window, self.tr("Export visits as iCalendar"), name, "iCalendar (*.ics)"
        )
        if path:
            self.export(Path(path), span)

    def export(self, path: Path, span: Span) -> None:
        owner, lang = self.ctx.user_id, self.ctx.language

        def work(session: Session) -> str:
            path.write_bytes(calendar(session, span, owner, lang))
            return str(path)

        self.ctx.ops.read(work, self.exported.emit, self._failed)

    def _failed(self, error: Exception) -> None:
        QMessageBox.warning(
            self.window,
            self.tr("Export visits as iCalendar"),
            self.tr("The file could not be written: {0}").format(error),
        )
