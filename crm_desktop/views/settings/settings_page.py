"""The Settings page, generated from settings.OPTIONS: every declared option, grouped by section.

Options declared by any part of the program appear here without editing this page: the editor
follows the option's kind (text, whole number, exact decimal, yes/no) and its limits; titles are
the options' N_-marked English, translated with the project's gettext helper.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.i18n import gettext
from crm_desktop.services.accounts.account_list import (
    Person,
    allowed_people,
    may_administer,
    people,
    signed_in_person,
)
from crm_desktop.services.core.errors import ValidationError
from crm_desktop.services.quotes.mail import store_smtp_password
from crm_desktop.services.reports.rfm import WEIGHT_KEYS, check_weights
from crm_desktop.settings import OPTIONS, Option
from crm_desktop.views.common import fmt
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.guard import while_alive
from crm_desktop.views.common.labels import QT_TRANSLATE_NOOP
from crm_desktop.views.common.ops import ChangeSet
from crm_desktop.views.settings.calendar_box import CalendarAddressBox

CTX = "SettingsPage"
SECTIONS = {
    "general": QT_TRANSLATE_NOOP("SettingsPage", "General"),
    "company": QT_TRANSLATE_NOOP("SettingsPage", "Company"),
    "quotes": QT_TRANSLATE_NOOP("SettingsPage", "Quotes"),
    "mail": QT_TRANSLATE_NOOP("SettingsPage", "E-mail"),
    "smtp": QT_TRANSLATE_NOOP("SettingsPage", "Outgoing mail server"),
    "followup": QT_TRANSLATE_NOOP("SettingsPage", "Follow-up rules"),
    "rfm": QT_TRANSLATE_NOOP("SettingsPage", "RFM value"),
    "sync": QT_TRANSLATE_NOOP("SettingsPage", "Synchronization"),
    "reports": QT_TRANSLATE_NOOP("SettingsPage", "Reports"),
}
LANGUAGES = (
    ("", QT_TRANSLATE_NOOP("SettingsPage", "Spanish (default)")),
    ("es", QT_TRANSLATE_NOOP("SettingsPage", "Spanish")),
    ("en", QT_TRANSLATE_NOOP("SettingsPage", "English")),
)
ERROR_STYLE = "color: #c62828;"
INVALID_STYLE = "border: 1px solid #c62828;"
CAPTION_WIDTH = 300
Editor = QLineEdit | QCheckBox | QComboBox | QPlainTextEdit


def _tr(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


def parse(option: Option, raw: Any) -> tuple[Any, str | None]:
    """(value, None) or (None, what is wrong), for what the user put in the option's editor."""
    if option.kind is bool or option.kind is str:
        return raw, None
    text = str(raw).strip()
    value: Any
    if option.kind is int:
        try:
            value = int(text)
        except ValueError:
            return None, _tr("Enter a whole number.")
    elif option.kind is Decimal:
        value = fmt.parse_decimal(text)
        if value is None:
            return None, _tr("Enter a number.")
    else:
        return raw, None
    if option.minimum is not None and value < option.minimum:
        return None, _tr("At least {0}.").format(fmt.number(Decimal(str(option.minimum)), 0))
    if option.maximum is not None and value > option.maximum:
        return None, _tr("At most {0}.").format(fmt.number(Decimal(str(option.maximum)), 0))
    return value, None


def cross_field_problems(parsed: dict[str, Any]) -> list[tuple[str, str]]:
    """Rules over several options at once: (key, message) for each option in the wrong."""
    if not all(key in parsed for key in WEIGHT_KEYS):
        return []
    try:
        check_weights(*(int(parsed[key]) for key in WEIGHT_KEYS))
    except ValidationError as error:
        return [(p.field, p.text()) for p in error.problems if p.field in parsed]
    return []


class SettingsPage(QWidget):
    settings_saved = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.editors: dict[str, Editor] = {}
        self.errors: dict[str, QLabel] = {}
        self.status = QLabel()
        self.status.setObjectName("settings_status")
        self.save_button = QPushButton(self.tr("Save settings"))
        self.save_button.setObjectName("settings_save")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(self.tr("Undo changes"))
        self.revert_button.clicked.connect(self.load_values)
        self.admin_note = QLabel()  # why the administrator's settings are read only, if they are
        self.admin_note.setObjectName("admin_read_only")
        self.admin_note.setWordWrap(True)
        self.admin_note.setStyleSheet("color: #8a5a00;")
        self.administers = False  # until the users are read: only a signed-in manager edits them
        self._build()
        self.load_values()
        self.lock_administration(self.tr("Checking who is signed in…"))
        ctx.ops.read(people, while_alive(self, self._people_loaded))

    # -- building ----------------------------------------------------------------------------
    def _build(self) -> None:
        # What a rep sets for themself, apart from what an administrator sets for everyone.
        self.tabs = QTabWidget()
        self.tabs.setObjectName("settings_tabs")
        mine = self.tr("A change of language applies when the program is started again.")
        admin = self.tr("Set by an administrator for every rep: the company, quotes, mail "
                        "server, follow-up rules and reports.")  # fmt: skip
        for admin_tab, tab_title, note_text in (
            (False, self.tr("My settings"), mine),
            (True, self.tr("Administration"), admin),
        ):
            body = QWidget()
            column = QVBoxLayout(body)
            note = QLabel(note_text)
            note.setWordWrap(True)
            column.addWidget(note)
            if admin_tab:
                column.addWidget(self.admin_note)
            for section, options in self._sections(admin_tab).items():
                column.addWidget(self._group(section, options))
            if not admin_tab:
                self.calendar_box = CalendarAddressBox(self.ctx)
                column.addWidget(self.calendar_box)
            column.addStretch(1)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setWidget(body)
            self.tabs.addTab(scroll, tab_title)
        from crm_desktop.views.settings.taxes_tab import TaxesTab

        self.taxes = TaxesTab(self.ctx)
        self.tabs.addTab(self.taxes, self.tr("Taxes"))
        from crm_desktop.views.settings.costs_tab import CostsTab

        self.costs = CostsTab(self.ctx)
        self.tabs.addTab(self.costs, self.tr("Product costs"))
        self.costs.loaded.connect(  # a rep who may not see costs has no such tab
            lambda visible: self.tabs.setTabVisible(self.tabs.indexOf(self.costs), visible)
        )
        from crm_desktop.views.settings.market_tab import MarketTab

        self.market = MarketTab(self.ctx)  # managers' data: a rep's laptop holds none
        self.tabs.addTab(self.market, self.tr("Market sizes"))
        self.tabs.setTabVisible(self.tabs.indexOf(self.market), self.ctx.user_id is None)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Settings"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setWeight(QFont.Weight.DemiBold)
        title.setFont(font)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)

    @staticmethod
    def _sections(admin: bool) -> dict[str, list[Option]]:
        grouped: dict[str, list[Option]] = {}
        for option in OPTIONS.values():
            # secrets live in the keyring, never in this file
            if not option.secret and option.admin == admin:
                grouped.setdefault(option.key.split(".", 1)[0], []).append(option)
        return grouped

    def _group(self, section: str, options: list[Option]) -> QGroupBox:
        title = SECTIONS.get(section)
        box = QGroupBox(_tr(title) if title else section.replace("_", " ").capitalize())
        form = QFormLayout(box)
        for option in options:
            editor = self._editor(option)
            editor.setObjectName(f"option_{option.key}")
            error = QLabel()
            error.setStyleSheet(ERROR_STYLE)
            error.hide()
            cell = QWidget()
            stack = QVBoxLayout(cell)
            stack.setContentsMargins(0, 0, 0, 0)
            stack.setSpacing(2)
            stack.addWidget(editor)
            stack.addWidget(error)
            caption = QLabel(gettext(option.title))
            caption.setWordWrap(True)
            caption.setMinimumWidth(CAPTION_WIDTH)
            form.addRow(caption, cell)
            self.editors[option.key] = editor
            self.errors[option.key] = error
        if section == "smtp" and any(o.key == "smtp.user" for o in options):
            self._password_row(form)
        return box

    def _password_row(self, form: QFormLayout) -> None:
        """The SMTP password goes to the OS keyring, never to the settings file."""
        self.password_button = QPushButton(self.tr("Set the SMTP password…"))
        self.password_button.setObjectName("smtp_password")
        self.password_button.clicked.connect(self.ask_smtp_password)
        self.password_note = QLabel()
        self.password_note.setObjectName("smtp_password_note")
        row = QHBoxLayout()
        row.addWidget(self.password_button)
        row.addWidget(self.password_note, 1)
        form.addRow(QLabel(self.tr("SMTP password")), row)

    def ask_smtp_password(self) -> None:
        user = _read(self.editors["smtp.user"]).strip()
        if not user:
            self.password_note.setText(self.tr("Enter the SMTP user name first."))
            return
        password, ok = QInputDialog.getText(
            self, self.tr("SMTP password"), self.tr("Password of {0}:").format(user),
            QLineEdit.EchoMode.Password,
        )  # fmt: skip
        if ok and password:
            self.store_smtp_password(user, password)

    def store_smtp_password(self, user: str, password: str) -> None:
        def stored(_result: object) -> None:
            self.password_note.setText(self.tr("Stored in the system keyring."))

        self.ctx.ops.read(lambda _s: store_smtp_password(user, password),
                          while_alive(self, stored))  # fmt: skip

    def _editor(self, option: Option) -> Editor:
        if option.key == "general.language":
            combo = QComboBox()
            for code, name in LANGUAGES:
                combo.addItem(_tr(name), code)
            return combo
        if option.key == "general.current_user":
            combo = QComboBox()
            combo.addItem(self.tr("Everyone (manager)"), "")
            return combo
        if option.choices:
            combo = QComboBox()
            for choice in option.choices:
                combo.addItem(_choice_title(option.key, choice), choice)
            return combo
        if option.multiline:
            text = QPlainTextEdit()
            text.setTabChangesFocus(True)
            text.setFixedHeight(text.fontMetrics().lineSpacing() * 6 + 12)
            return text
        if option.kind is bool:
            return QCheckBox()
        return QLineEdit()

    def _admin_editors(self) -> list[Editor]:
        return [e for key, e in self.editors.items() if OPTIONS[key].admin]

    def lock_administration(self, why: str) -> None:
        """The administrator's settings shown without a way to change them, and why."""
        self.administers = False
        self.costs.set_editable(False)
        self.market.set_editable(False)
        for editor in self._admin_editors():
            editor.setEnabled(False)
        self.admin_note.setText(why)
        self.admin_note.show()
        self.tabs.setTabText(1, self.tr("Administration (read only)"))

    def unlock_administration(self) -> None:
        self.administers = True
        self.costs.set_editable(True)
        self.market.set_editable(True)
        for editor in self._admin_editors():
            editor.setEnabled(True)
        self.admin_note.hide()
        self.tabs.setTabText(1, self.tr("Administration"))

    def _people_loaded(self, found: list[Person]) -> None:
        signed_in = str(self.ctx.settings.get("sync.username") or "")
        me = signed_in_person(found, signed_in)
        if may_administer(found, signed_in):
            self.unlock_administration()
        elif not signed_in:
            why = self.tr("Read only: this laptop has not signed in. Only a manager or an "
                          "administrator changes these settings: sign in as one (“Sync now”, "
                          "at the bottom) to change them.")  # fmt: skip
            self.lock_administration(why)
        elif me is None:
            why = self.tr("Read only: {0} is not known on this laptop yet. Synchronize "
                          "once; a manager or an administrator can then change these "
                          "settings.")  # fmt: skip
            self.lock_administration(why.format(signed_in))
        else:
            why = self.tr("Read only: you are signed in as {0}. Only a manager or an "
                          "administrator changes these settings.")  # fmt: skip
            self.lock_administration(why.format(me.full_name))
        combo = self.editors.get("general.current_user")
        if not isinstance(combo, QComboBox):
            return
        current = self.ctx.settings.get("general.current_user")
        offered, everyone = allowed_people(found, signed_in)
        if not everyone:  # as "working as": a rep is themself
            combo.clear()
            combo.setEnabled(False)
        for person in offered:
            combo.addItem(f"{person.full_name} ({person.username})", person.username)
        combo.setCurrentIndex(max(combo.findData(current), 0))

    # -- values ------------------------------------------------------------------------------
    def load_values(self) -> None:
        for key, editor in self.editors.items():
            editor.setStyleSheet("")
            _show(editor, OPTIONS[key], self.ctx.settings.get(key))
            self.errors[key].hide()
        self.status.clear()

    def save(self) -> bool:
        """Check every field; save all of them, or none if one is wrong."""
        parsed: dict[str, Any] = {}
        first_bad: Editor | None = None
        for key, editor in self.editors.items():
            if OPTIONS[key].admin and not self.administers:
                continue  # read only here: what the administrator set stays as it is
            editor.setStyleSheet("")
            value, problem = parse(OPTIONS[key], _read(editor))
            self.errors[key].setText(problem or "")
            self.errors[key].setVisible(problem is not None)
            if problem is not None:
                first_bad = first_bad or editor
            else:
                parsed[key] = value
        said: set[str] = set()
        for key, problem in cross_field_problems(parsed):  # e.g. RFM weights must sum to 100 %
            self.editors[key].setStyleSheet(INVALID_STYLE)  # each field in the wrong is marked
            first_bad = first_bad or self.editors[key]
            if problem not in said:  # and the message said once, not under each of them
                said.add(problem)
                self.errors[key].setText(problem)
                self.errors[key].setVisible(True)
        if first_bad is not None:
            for tab in range(self.tabs.count()):  # the tab of the first field in the wrong
                page = self.tabs.widget(tab)
                if page is not None and page.isAncestorOf(first_bad):
                    self.tabs.setCurrentIndex(tab)
            first_bad.setFocus()
            self.status.setText(self.tr("Nothing was saved: correct the fields in red."))
            return False
        user_before = self.ctx.settings.get("general.current_user")
        for key, value in parsed.items():
            self.ctx.settings.set(key, value)
        self.ctx.settings.save()
        self.status.setText(self.tr("Saved. A change of language applies on restart."))
        if parsed.get("general.current_user", user_before) != user_before:
            self._user_changed()
        self.settings_saved.emit()
        return True

    def _user_changed(self) -> None:
        """Another rep chosen here: the window's "working as" and the pages follow."""
        window = self.window()
        set_working_as = getattr(window, "follow_settings_user", None)
        if callable(set_working_as):
            set_working_as()
        else:
            self.ctx.ops.changed.emit(ChangeSet(tables=frozenset({"users", "*"})))


def _choice_title(key: str, choice: str) -> str:
    titles = {
        "starttls": QT_TRANSLATE_NOOP("SettingsPage", "STARTTLS (port 587)"),
        "ssl": QT_TRANSLATE_NOOP("SettingsPage", "SSL/TLS (port 465)"),
        "none": QT_TRANSLATE_NOOP("SettingsPage", "None (not encrypted)"),
        "line": QT_TRANSLATE_NOOP("SettingsPage", "Each line's tax, then summed (as invoices do)"),
        "rate": QT_TRANSLATE_NOOP("SettingsPage", "Once per tax rate"),
    }
    if key in ("smtp.security", "quotes.tax_rounding") and choice in titles:
        return _tr(titles[choice])
    return choice.replace("_", " ")


def _show(editor: Editor, option: Option, value: Any) -> None:
    if isinstance(editor, QComboBox):
        if option.choices and value and editor.findData(value) < 0:
            editor.addItem(str(value), value)  # a value typed into the file before: kept
        editor.setCurrentIndex(max(editor.findData(value or ""), 0))
    elif isinstance(editor, QPlainTextEdit):
        editor.setPlainText("" if value is None else str(value))
    elif isinstance(editor, QCheckBox):
        editor.setChecked(bool(value))
    elif isinstance(value, Decimal):
        editor.setText(fmt.number(value, max(0, -int(value.as_tuple().exponent))))
    else:
        editor.setText("" if value is None else str(value))


def _read(editor: Editor) -> Any:
    if isinstance(editor, QComboBox):
        return editor.currentData() or ""
    if isinstance(editor, QPlainTextEdit):
        return editor.toPlainText()
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    return editor.text()
