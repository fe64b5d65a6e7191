"""The account's 360° view: header, timeline, editable details, contacts and products owned."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from crm_desktop.i18n import gettext
from crm_desktop.services.accounts import accounts
from crm_desktop.services.accounts.timeline import (
    TIMELINE_TABLES,
    AccountHeader,
    ContactRow,
    ProductChoice,
    TimelineEntry,
    account_contacts,
    account_header,
    account_timeline,
    account_values,
    product_checklist,
)
from crm_desktop.services.core.errors import ValidationError
from crm_desktop.services.pipeline.pipeline_board import Rep, active_reps
from crm_desktop.services.reports.rfm import SEGMENTS, ScoreView, account_score
from crm_desktop.views.accounts.account_contacts import ContactsTab
from crm_desktop.views.accounts.account_form import AccountForm
from crm_desktop.views.accounts.account_models import ENTRY_ROLE, TimelineDelegate, TimelineModel
from crm_desktop.views.accounts.account_sales import SalesTab
from crm_desktop.views.activity.call_dialog import CallDialog
from crm_desktop.views.activity.quick_dialogs import NoteDialog, OpportunityDialog
from crm_desktop.views.activity.visit_dialog import VisitDialog
from crm_desktop.views.common import fmt
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.field_errors import failure_text
from crm_desktop.views.common.files_tab import AttachmentsDialog, fetch_thumbnails, local_files
from crm_desktop.views.common.flow_layout import FlowLayout
from crm_desktop.views.common.labels import label, labels
from crm_desktop.views.common.ops import ChangeSet


@dataclass(frozen=True)
class AccountSnapshot:
    """Everything the view shows, read in one operation."""

    header: AccountHeader
    timeline: list[TimelineEntry]
    contacts: list[ContactRow]
    products: list[ProductChoice]
    values: dict[str, Any]
    reps: list[Rep]
    score: ScoreView | None = None  # RFM value (services/reports/rfm.py); None: no purchases


def read_snapshot(session: Session, account_id: str) -> AccountSnapshot:
    return AccountSnapshot(
        header=account_header(session, account_id),
        timeline=account_timeline(session, account_id),
        contacts=account_contacts(session, account_id),
        products=product_checklist(session, account_id),
        values=account_values(session, account_id),
        reps=active_reps(session),
        score=account_score(session, account_id),
    )


class AccountView(QWidget):
    """Whoever opens an account sees everything that was followed up and discussed."""

    loaded = Signal()  # the first snapshot is on screen
    timeline_loaded = Signal()

    def __init__(self, ctx: AppContext, account_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.account_id = ctx, account_id
        self.header: AccountHeader | None = None
        self.dialog: QWidget | None = None  # the dialog open from here, if any
        self._reads: dict[str, int] = {}
        self._form: AccountForm | None = None  # built when the Details tab is first needed
        self._form_data: tuple[dict[str, Any], list[Rep]] | None = None
        # The read starts first so the database works while the widgets are being built.
        ctx.ops.read(lambda s: read_snapshot(s, account_id), self._show_snapshot, self._failed)
        self._build()
        self.setAcceptDrops(True)  # files dropped on the view: its Attachments, with them added
        ctx.ops.changed.connect(self._on_changed)

    # -- building ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.title = QLabel(self.tr("Loading…"))
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.value = QLabel()  # RFM score and value segment
        self.value.setObjectName("rfm_value")
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.hide()
        action_row = QWidget()  # wraps onto a second line when the view is narrow
        actions = FlowLayout(action_row)
        self.record_visit = self._button(actions, self.tr("Record visit"), self.open_visit)
        self.log_call = self._button(actions, self.tr("Log call"), lambda: self.open_call(None))
        self.add_note = self._button(actions, self.tr("Add note"), self.open_note)
        self.new_opportunity = self._button(
            actions, self.tr("New opportunity"), self.open_opportunity
        )
        # Attachments open in a dialog: a sixth tab would not fit the view at 1366 px.
        self.files = self._button(actions, self.tr("Attachments…"), lambda: self.open_files())
        self.rights = self._button(actions, self.tr("Data-subject rights…"), self.open_rights)
        self.rights.setEnabled(False)  # a natural person's account: known once the header is read
        self.rights.setToolTip(self.tr("For a company, choose the person in the Contacts tab."))
        self.tabs = QTabWidget()
        self.tabs.addTab(self._timeline_tab(), self.tr("Timeline"))
        self.tabs.addTab(self._details_tab(), self.tr("Details"))
        self.contacts = ContactsTab(self.ctx, self.account_id, self)
        self.contacts.log_call_requested.connect(self.open_call)
        self.tabs.addTab(self.contacts, self.tr("Contacts"))
        self.tabs.addTab(self._products_tab(), self.tr("Products owned"))
        self.sales = SalesTab(self.ctx, self.account_id, self)  # opportunities and quotes
        self.tabs.addTab(self.sales, self.tr("Sales"))
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addWidget(self.value)
        layout.addWidget(self.problem)
        layout.addWidget(action_row)
        layout.addWidget(self.tabs, 1)

    @staticmethod
    def _button(row: FlowLayout, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    def _timeline_tab(self) -> QWidget:
        self.timeline_model = TimelineModel()
        self.timeline = QListView()
        self.timeline.setModel(self.timeline_model)
        self.timeline.setItemDelegate(TimelineDelegate(self.timeline))
        self.timeline.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Rows differ in height; lay them out in batches so a long timeline shows at once.
        self.timeline.setLayoutMode(QListView.LayoutMode.Batched)
        self.timeline.setBatchSize(60)
        self.timeline.setAlternatingRowColors(True)
        self.timeline.doubleClicked.connect(self._open_entry)
        return self.timeline

    def _details_tab(self) -> QWidget:
        """The tab's frame; the form inside it (dozens of widgets) is made on first use."""
        self.save_details = QPushButton(self.tr("Save changes"))
        self.save_details.clicked.connect(self.save)
        self.details_saved = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.details_saved, 1)
        row.addWidget(self.save_details)
        inner = QWidget()
        self._details_box = QVBoxLayout(inner)
        self._details_box.addLayout(row)
        self._details_box.addStretch(1)
        self.details = QScrollArea()
        self.details.setWidgetResizable(True)
        self.details.setWidget(inner)
        return self.details

    @property
    def form(self) -> AccountForm:
        """The details form, made and filled the first time it is needed."""
        if self._form is None:
            self._form = AccountForm()
            self._details_box.insertWidget(0, self._form)
            self._fill_form()
        return self._form

    def _fill_form(self) -> None:
        if self._form is not None and self._form_data is not None:
            values, reps = self._form_data
            self._form.set_owner_choices([(rep.id, rep.full_name) for rep in reps])
            self._form.set_values(values)

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.details:
            _ = self.form
        if self.tabs.widget(index) is self.sales and not self.sales.loaded:
            self.sales.reload()

    def _products_tab(self) -> QWidget:
        page = QWidget()
        self.products = QListWidget()
        # Columns of checkboxes, read top to bottom, so sixty products fit without scrolling.
        self.products.setFlow(QListView.Flow.TopToBottom)
        self.products.setWrapping(True)
        self.products.setResizeMode(QListView.ResizeMode.Adjust)
        self.products.setSpacing(2)
        self.save_products = QPushButton(self.tr("Save products owned"))
        self.save_products.clicked.connect(self.save_owned)
        self.products_note = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.products_note, 1)
        row.addWidget(self.save_products)
        layout = QVBoxLayout(page)
        layout.addWidget(self.products, 1)
        layout.addLayout(row)
        return page

    # -- showing what was read ---------------------------------------------------------------
    def _show_snapshot(self, snap: AccountSnapshot) -> None:
        self._show_header(snap.header)
        self._show_score(snap.score)
        self._form_data = (snap.values, snap.reps)
        self._fill_form()
        self.contacts.show_contacts(snap.contacts)
        self._show_products(snap.products)
        self._show_timeline(snap.timeline)
        self.loaded.emit()

    def _show_header(self, header: AccountHeader) -> None:
        self.header = header
        self.rights.setEnabled(header.kind == "natural_person")
        self.title.setText(header.legal_name)
        facts = [
            f"{label('tax_id_kind', header.tax_id_kind)} {header.tax_id_display}".strip(),
            label("kind", header.kind),
            labels("role", ",".join(header.roles)),
            self.tr("Owner: %1").replace("%1", header.owner_name or self.tr("nobody")),
            self.tr("Phase: %1").replace("%1", label("phase", header.lifecycle_phase)),
            # The code alone, said to be one: the program ships no list of the activities' names
            # (no licensed machine-readable copy of DANE's CIIU Rev. 4 A.C. was found).
            self.tr("CIIU activity %1").replace("%1", header.economic_activity)
            if header.economic_activity
            else "",
        ]
        if header.trade_name:
            facts.insert(0, header.trade_name)
        self.facts.setText("  ·  ".join(f for f in facts if f))
        self.facts.setToolTip(
            self.tr(
                "CIIU: the economic activity's code in DANE's CIIU Rev. 4 A.C. "
                "classification; look its name up at dane.gov.co."
            )
            if header.economic_activity
            else ""
        )

    def _show_score(self, score: ScoreView | None) -> None:
        if score is None:
            self.value.setText(self.tr("Value: no purchases yet"))
            return
        text = self.tr("Value: %1 · RFM %2 (R %3 · F %4 · M %5) · %n purchase(s), last %6 days ago",
                       "", score.frequency)  # fmt: skip
        parts = (gettext(SEGMENTS.get(score.segment, score.segment)), fmt.number(score.score, 2),
                 score.r_score, score.f_score, score.m_score, score.recency_days)  # fmt: skip
        for number, part in enumerate(parts, start=1):
            text = text.replace(f"%{number}", str(part))
        self.value.setText(text)

    def _show_timeline(self, entries: list[TimelineEntry]) -> None:
        self.timeline_model.set_entries(entries)
        photos = [e.ref_id for e in entries if e.kind == "attachment"]  # thumbnails come after
        fetch_thumbnails(self.ctx, photos, self, self.timeline_model.set_thumbnails)
        self.tabs.setTabText(0, self.tr("Timeline (%n)", "", len(entries)))
        self.timeline_loaded.emit()

    def _show_products(self, products: list[ProductChoice]) -> None:
        self.products.clear()
        for product in products:
            item = QListWidgetItem(f"{product.name} ({product.code})")
            item.setData(Qt.ItemDataRole.UserRole, product.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = Qt.CheckState.Checked if product.owned else Qt.CheckState.Unchecked
            item.setCheckState(checked)
            self.products.addItem(item)

    def _failed(self, exc: Exception) -> None:
        self.problem.setText(failure_text(exc, self.ctx.language))
        self.problem.show()

    # -- refreshing only what a change touched -----------------------------------------------
    def _on_changed(self, changes: ChangeSet) -> None:
        aid = self.account_id
        if "*" in changes.tables:  # "refresh everything"
            self._read_latest("all", lambda s: read_snapshot(s, aid), self._show_snapshot)
            return
        if changes.touches(*TIMELINE_TABLES):
            self._read_latest("timeline", lambda s: account_timeline(s, aid), self._show_timeline)
        if self.sales.loaded and changes.touches("opportunities", "quotes"):
            self.sales.reload()
        if changes.touches("contacts"):
            self._read_latest(
                "contacts", lambda s: account_contacts(s, aid), self.contacts.show_contacts
            )
        if changes.touches("accounts", "users"):
            self._read_latest("header", lambda s: account_header(s, aid), self._show_header)
        if changes.touches("account_scores"):
            self._read_latest("score", lambda s: account_score(s, aid), self._show_score)
        if changes.touches("account_products", "products"):
            self._read_latest("products", lambda s: product_checklist(s, aid), self._show_products)

    def _read_latest(
        self, part: str, work: Callable[[Session], Any], show: Callable[[Any], None]
    ) -> None:
        """Read a part again; with two readers an older result may arrive last, so drop it."""
        number = self._reads[part] = self._reads.get(part, 0) + 1

        def shown(result: Any) -> None:
            if self._reads[part] == number:
                show(result)

        self.ctx.ops.read(work, shown, self._failed)

    # -- saving ------------------------------------------------------------------------------
    def save(self) -> None:
        """Save the details form; problems show under their fields and nothing is saved."""
        self.form.clear_errors()
        self.details_saved.clear()
        values, aid = self.form.values(), self.account_id
        self.save_details.setEnabled(False)
        self.ctx.ops.write(
            lambda s: accounts.update_account(s, aid, values).id,
            ChangeSet(tables=frozenset({"accounts"}), ids=frozenset({aid})),
            self._details_ok,
            self._details_failed,
        )

    def _details_ok(self, _account_id: str) -> None:
        self.save_details.setEnabled(True)
        self.details_saved.setText(self.tr("Saved."))

    def _details_failed(self, exc: Exception) -> None:
        self.save_details.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.form.show_errors(exc)
            self.details_saved.setText(self.tr("Not saved: correct the fields marked in red."))
        else:
            self.details_saved.setText(failure_text(exc, self.ctx.language))

    def owned_product_ids(self) -> list[str]:
        return [
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in (self.products.item(i) for i in range(self.products.count()))
            if item.checkState() == Qt.CheckState.Checked
        ]

    def save_owned(self) -> None:
        wanted, aid = self.owned_product_ids(), self.account_id
        self.products_note.clear()
        self.ctx.ops.write(
            lambda s: len(accounts.set_products_owned(s, aid, wanted)),
            ChangeSet(tables=frozenset({"account_products"}), ids=frozenset({aid})),
            lambda n: self.products_note.setText(self.tr("Saved: %n product(s) owned.", "", n)),
            lambda exc: self.products_note.setText(failure_text(exc, self.ctx.language)),
        )

    # -- the actions -------------------------------------------------------------------------
    def _open(self, dialog: QWidget) -> None:
        self.dialog = dialog
        dialog.open()  # type: ignore[attr-defined]

    def open_files(self, selected: str | None = None) -> None:
        self._open(AttachmentsDialog(self.ctx, self.account_id, None, self, selected))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = local_files(event.mimeData())
        if files:
            self.open_files()
            assert isinstance(self.dialog, AttachmentsDialog)
            self.dialog.files.add_paths(files)
            event.acceptProposedAction()

    def open_rights(self) -> None:
        from crm_desktop.views.accounts.privacy_dialog import SubjectRightsDialog

        name = self.header.legal_name if self.header else ""
        self._open(SubjectRightsDialog(self.ctx, self.account_id, None, name, self))

    def open_visit(self, visit_id: str | None = None) -> None:
        self._open(VisitDialog(self.ctx, self.account_id, visit_id or None, self))

    def open_call(self, contact_id: str | None = None) -> None:
        self._open(CallDialog(self.ctx, self.account_id, contact_id, self))

    def open_note(self) -> None:
        self._open(NoteDialog(self.ctx, self.account_id, self))

    def open_opportunity(self) -> None:
        self._open(OpportunityDialog(self.ctx, self.account_id, self))

    def _open_entry(self, index: Any) -> None:
        entry: TimelineEntry | None = index.data(ENTRY_ROLE)
        if entry is not None and entry.kind == "visit":
            self.open_visit(entry.ref_id)
        elif entry is not None and entry.kind == "attachment":
            self.open_files(entry.ref_id)
