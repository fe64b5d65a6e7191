"""Saying why this laptop's data was erased: at the moment the server says so, and at start.

The erase itself is secure/wipe.py (run by the sync engine); a marker beside the database keeps
why, so the next start says it again (and finishes an erase cut short) before anything opens.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from crm_desktop.secure.wipe import WipeNotice


def wipe_reason(code: str) -> str:
    if code == "user_deactivated":
        return QCoreApplication.translate(
            "RemoteWipe", "Your user has been deactivated on the server."
        )
    return QCoreApplication.translate(
        "RemoteWipe", "The administrator revoked this laptop (lost, stolen or replaced)."
    )


def wipe_text(code: str, when: str = "", left: tuple[str, ...] = ()) -> str:
    erased = QCoreApplication.translate(
        "RemoteWipe",
        "As the company asked, the clients' data on this laptop has been erased: the database, "
        "its backups, the import journals and the stored sign-in. Nothing was sent to the "
        "server after that.",
    )
    text = f"{wipe_reason(code)}\n\n{erased}"
    if when:
        text += "\n\n" + QCoreApplication.translate("RemoteWipe", "Erased: %1").replace("%1", when)
    if left:
        later = QCoreApplication.translate(
            "RemoteWipe", "These files could not be erased yet; they will be at the next start: %1"
        )
        text += "\n\n" + later.replace("%1", ", ".join(left))
    return text


def wipe_box(
    notice: WipeNotice, parent: QWidget | None = None, at_start: bool = False
) -> QMessageBox:
    """The message; at start it offers to begin anew with an empty database."""
    from crm_desktop.views.common import fmt

    try:
        when = fmt.moment(datetime.fromisoformat(notice.at))
    except ValueError:
        when = notice.at
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("RemoteWipe", "This laptop's data was erased"))
    box.setText(wipe_text(notice.code, when, notice.left))
    role = QMessageBox.ButtonRole
    if at_start:
        box.addButton(
            QCoreApplication.translate("RemoteWipe", "Start anew (empty)"), role.AcceptRole
        )
        box.addButton(QCoreApplication.translate("RemoteWipe", "Quit"), role.RejectRole)
    else:
        box.addButton(
            QCoreApplication.translate("RemoteWipe", "Close the program"), role.AcceptRole
        )
    return box
