"""Validation messages shown in red right under the field that caused them, for dialogs."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from crm_desktop.services.core.errors import ValidationError

ERROR_STYLE = "color: #b00020;"


def with_error(field: QWidget) -> tuple[QWidget, QLabel]:
    """field stacked over an (initially hidden) red label for its messages."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    message = QLabel()
    message.setStyleSheet(ERROR_STYLE)
    message.setWordWrap(True)
    message.hide()
    layout.addWidget(message)
    return box, message


def failure_text(exc: Exception, lang: str, titles: dict[str, str] | None = None) -> str:
    """A failure in the reader's words: a domain error's own text (a ValidationError's
    messages, never its fields' code names); anything else said as a failure, its detail after.
    With `titles` (field name -> the title the form shows), a form whose errors share one label
    says which field each message is about: "Market size: This field is required." """
    by_field = getattr(exc, "by_field", None)
    if titles and callable(by_field):
        lines: list[str] = []
        for field, messages in by_field(lang).items():
            for message in messages:
                line = f"{titles[field]}: {message}" if field in titles else message
                if line not in lines:
                    lines.append(line)
        return "\n".join(lines)
    text = getattr(exc, "text", None)
    if callable(text):
        return str(text(lang))
    return QCoreApplication.translate("FieldErrors", "It could not be done: %1").replace(
        "%1", str(exc) or type(exc).__name__
    )


class FieldErrors:
    """The error labels of a form, by field name; unknown fields go to a general label."""

    def __init__(self, general: QLabel) -> None:
        self.general = general
        self.general.setStyleSheet(ERROR_STYLE)
        self.general.setWordWrap(True)
        self.general.hide()
        self.labels: dict[str, QLabel] = {}
        self.fields: dict[str, QWidget] = {}

    def add_row(self, form: QFormLayout, title: str, name: str, field: QWidget) -> None:
        """A form row for field with its error label; `name` is the service's field name."""
        box, message = with_error(field)
        form.addRow(title, box)
        self.labels[name] = message
        self.fields[name] = field

    def clear(self) -> None:
        for message in [*self.labels.values(), self.general]:
            message.clear()
            message.hide()

    def show(self, error: ValidationError, lang: str) -> None:
        """Each problem under its field; the first bad field gets the focus."""
        self.clear()
        stray: list[str] = []
        first: QWidget | None = None
        for name, texts in error.by_field(lang).items():
            message = self.labels.get(name)
            if message is None:
                stray.extend(texts)
                continue
            message.setText("\n".join(texts))
            message.show()
            first = first or self.fields[name]
        if stray:
            self.show_general("\n".join(stray))
        if first is not None:
            first.setFocus()

    def show_at(self, name: str, text: str) -> None:
        """One message of the view's own (not from the rules) under a field."""
        self.clear()
        self.labels[name].setText(text)
        self.labels[name].show()
        self.fields[name].setFocus()

    def show_general(self, text: str) -> None:
        self.general.setText(text)
        self.general.show()

    def show_failure(self, exc: Exception, lang: str) -> None:
        """A failed save: field problems under their fields, anything else in words on top."""
        if isinstance(exc, ValidationError):
            self.show(exc, lang)
        else:
            self.show_general(failure_text(exc, lang))

    def text_of(self, name: str) -> str:
        """The message shown under a field ("" if none): what tests and users read."""
        message = self.labels.get(name)
        return message.text() if message is not None and not message.isHidden() else ""
