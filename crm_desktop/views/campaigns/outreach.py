"""The Campaigns page's members (with their rep and response), the campaign's e-mail (template,
then queued through the mail outbox) and what the campaign returned (its ROI)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.services.campaigns.campaign_list import CampaignDetail, MemberRow
from crm_desktop.services.campaigns.mailing import MailRun
from crm_desktop.services.campaigns.roi import CampaignReturn
from crm_desktop.views.common import fmt
from crm_desktop.views.common.columns import fit_columns
from crm_desktop.views.common.labels import QT_TRANSLATE_NOOP, choices, label
from crm_desktop.views.common.rows_model import ROW_ROLE, Column, RowsModel

CTX = "CampaignMembers"
VISIT = QT_TRANSLATE_NOOP("CampaignMembers", "Visit")


def _kind(code: str | None) -> str:
    """How the customer responded: a visit, or an activity's kind (call, e-mail)."""
    return QCoreApplication.translate(CTX, VISIT) if code == "visit" else label("activity", code)


def _response(m: MemberRow) -> str:
    return " · ".join(
        x for x in (_kind(m.response_kind), label("outcome", m.response_outcome)) if x
    )


MEMBER_COLUMNS: list[Column[MemberRow]] = [
    Column(QT_TRANSLATE_NOOP("CampaignMembers", "Account"), lambda m: m.account_name),
    Column(QT_TRANSLATE_NOOP("CampaignMembers", "Rep"), lambda m: m.rep_name),
    Column(
        QT_TRANSLATE_NOOP("CampaignMembers", "Status"), lambda m: label("member_status", m.status)
    ),
    Column(QT_TRANSLATE_NOOP("CampaignMembers", "Response"), _response),
]


class MembersTab(QWidget):
    reached_requested = Signal(str)  # member id
    response_requested = Signal(str, str, str)  # member id, kind, outcome
    unsubscribe_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.members: RowsModel[MemberRow] = RowsModel(CTX, MEMBER_COLUMNS, parent=self)
        self.table = QTableView()
        self.table.setObjectName("campaign_members")
        self.table.setModel(self.members)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        fit_columns(self.table, stretch=0)
        self.count = QLabel()
        self.kind = QComboBox()
        for code in ("visit", "call", "email"):
            self.kind.addItem(_kind(code), code)
        self.outcome = QComboBox()
        for code, title in choices("outcome"):
            self.outcome.addItem(title, code)
        self.reached_button = QPushButton(self.tr("Mark contacted"))
        self.response_button = QPushButton(self.tr("Record the response"))
        self.response_button.setObjectName("record_response")
        self.unsubscribe_button = QPushButton(self.tr("Unsubscribe…"))
        self.reached_button.clicked.connect(lambda: self._with_member(self.reached_requested.emit))
        self.response_button.clicked.connect(
            lambda: self._with_member(
                lambda m: self.response_requested.emit(
                    m, self.kind.currentData(), self.outcome.currentData()
                )
            )
        )
        self.unsubscribe_button.clicked.connect(
            lambda: self._with_member(self.unsubscribe_requested.emit)
        )
        actions = QHBoxLayout()
        actions.addWidget(self.reached_button)
        actions.addWidget(QLabel(self.tr("Response:")))
        actions.addWidget(self.kind)
        actions.addWidget(self.outcome)
        actions.addWidget(self.response_button)
        actions.addStretch(1)
        actions.addWidget(self.unsubscribe_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)

    def show_members(self, rows: list[MemberRow], total: int) -> None:
        self.members.set_rows(rows)
        if total > len(rows):
            self.count.setText(
                self.tr("The first %1 of %n member(s).", "", total).replace("%1", str(len(rows)))
            )
        else:
            self.count.setText(self.tr("%n member(s).", "", total))

    def selected_member(self) -> str | None:
        chosen = self.table.selectionModel().selectedRows()
        row = self.members.data(chosen[0], ROW_ROLE) if chosen else None
        return row.id if row is not None else None

    def _with_member(self, then: object) -> None:
        member = self.selected_member()
        if member is not None and callable(then):
            then(member)


class MailTab(QWidget):
    save_requested = Signal(str, str)  # subject, body
    send_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.subject = QLineEdit()
        self.subject.setObjectName("email_subject")
        self.body = QPlainTextEdit()
        self.body.setObjectName("email_body")
        fields = QLabel(
            self.tr(
                "Merge fields: {contact}, {account}, {campaign}, {rep}, {company}, {ends_on} "
                "(a date in the client's language). Every message ends with how to unsubscribe."
            )
        )
        fields.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save the e-mail"))
        self.save_button.setObjectName("save_email")
        self.send_button = QPushButton(self.tr("Queue it to the members in the outbox"))
        self.send_button.setObjectName("send_campaign_mail")
        self.save_button.clicked.connect(
            lambda: self.save_requested.emit(self.subject.text(), self.body.toPlainText())
        )
        self.send_button.clicked.connect(self.send_requested.emit)
        self.result = QLabel()
        self.result.setObjectName("mail_result")
        self.result.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Subject"), self.subject)
        form.addRow(self.tr("Text"), self.body)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.send_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(fields)
        layout.addLayout(buttons)
        layout.addWidget(self.result)

    def load(self, detail: CampaignDetail | None) -> None:
        self.subject.setText(detail.email_subject if detail else "")
        self.body.setPlainText(detail.email_body if detail else "")
        self.result.clear()

    def show_run(self, run: MailRun) -> None:
        words = {
            "no_marketing_consent": lambda n: self.tr("%n without marketing consent", "", n),
            "no_email": lambda n: self.tr("%n without an e-mail address", "", n),
            "already_sent_or_out": lambda n: self.tr("%n already contacted or out", "", n),
        }
        text = self.tr("%n e-mail(s) queued in the outbox.", "", run.queued)
        left = [words[r](n) for r, n in run.skipped.items() if r in words and n]
        if left:
            text += " " + self.tr("Not sent: %1.").replace("%1", ", ".join(left))
        self.result.setText(text)


class ReturnTab(QWidget):
    compare_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figures: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, title in (
            ("cost", self.tr("Cost")),
            ("revenue", self.tr("Won revenue")),
            ("margin", self.tr("Margin")),
            ("roi", self.tr("ROI")),
            ("members", self.tr("Members")),
            ("reached", self.tr("Reached")),
            ("responded", self.tr("Responded")),
            ("opportunities", self.tr("Opportunities")),
            ("won", self.tr("Won customers")),
            ("per_response", self.tr("Cost per response")),
            ("per_won", self.tr("Cost per won customer")),
        ):
            self.figures[key] = QLabel()
            self.figures[key].setObjectName(f"return_{key}")
            form.addRow(title, self.figures[key])
        self.compare_button = QPushButton(self.tr("Compare campaigns in Reports…"))
        self.compare_button.setObjectName("compare_campaigns")
        self.compare_button.clicked.connect(self.compare_requested.emit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.compare_button)
        layout.addStretch(1)

    def show_return(self, r: CampaignReturn | None) -> None:
        if r is None:
            for figure in self.figures.values():
                figure.clear()
            return

        def money(value: object) -> str:
            return fmt.money(value) if value is not None else "—"  # type: ignore[arg-type]

        shown = {
            "cost": money(r.cost), "revenue": money(r.revenue), "margin": money(r.margin),
            "roi": fmt.percent(r.roi_pct, 1) if r.roi_pct is not None else "—",
            "members": fmt.number(r.members), "reached": fmt.number(r.reached),
            "responded": fmt.number(r.responded), "opportunities": fmt.number(r.opportunities),
            "won": fmt.number(r.won_customers), "per_response": money(r.cost_per_response),
            "per_won": money(r.cost_per_won_customer),
        }  # fmt: skip
        for key, text in shown.items():
            self.figures[key].setText(text)
