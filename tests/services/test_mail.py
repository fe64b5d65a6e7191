"""Quote e-mails: template draft, outbox, and sending to a real SMTP server on loopback."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from datetime import date, timedelta
from email.message import Message
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy import select

from crm_desktop.database import Database
from crm_desktop.i18n import gettext
from crm_desktop.models import Account, Activity, Quote
from crm_desktop.models.mail import MailMessage
from crm_desktop.services.core.crud import unit_of_work
from crm_desktop.services.core.errors import ValidationError
from crm_desktop.services.core.formats import formats
from crm_desktop.services.quotes.mail import (
    KEYRING_SERVICE,
    NO_HOST,
    NO_PASSWORD,
    MailDraft,
    SmtpConfig,
    draft_for_quote,
    outbox,
    queue_message,
    release_stale,
    send_queued,
    setup_problems,
    store_smtp_password,
)
from tests.memory_keyring import MemoryKeyring
from tests.services.quote_fixtures import make_catalog, make_quote

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"  # every byte value, 10 KB


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.envelopes: list[list[str]] = []

    async def handle_DATA(self, _server: object, _session: object, envelope: object) -> str:
        self.messages.append(email.message_from_bytes(envelope.content))  # type: ignore[attr-defined]
        self.envelopes.append(list(envelope.rcpt_tos))  # type: ignore[attr-defined]
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()

    def authenticate(_server: object, _session: object, _envelope: object, mechanism: str,
                     auth_data: object) -> AuthResult:  # fmt: skip
        ok = isinstance(auth_data, LoginPassword) and auth_data.password == b"s3cret-pass"
        return AuthResult(success=ok)

    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=authenticate,
                            auth_require_tls=False)  # fmt: skip
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture
def quote_id(database: Database) -> str:
    with unit_of_work(database.sessions) as s:
        return make_quote(s, make_catalog(s), lines=2)


def _queue(database: Database, quote_id: str, **changes: str) -> str:
    with unit_of_work(database.sessions) as s:
        draft = draft_for_quote(s, quote_id, "Soluciones Andinas", attachment_name="Cotización.pdf")
        draft = MailDraft(**(draft.__dict__ | changes))
        return queue_message(s, draft, PDF).id


MESES = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
         "octubre", "noviembre", "diciembre")  # fmt: skip
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")  # fmt: skip


def spanish_date(day: date) -> str:
    """ "27 de diciembre de 2026", written out here rather than by the code under test."""
    return f"{day.day} de {MESES[day.month - 1]} de {day.year}"


def test_draft_is_prefilled_from_the_template_to_the_primary_contact(
    database: Database, quote_id: str
) -> None:
    with database.sessions() as s:
        draft = draft_for_quote(s, quote_id, "Soluciones Andinas")
        custom = draft_for_quote(
            s, quote_id, "SA", "Oferta {number} para {account}", "Hola {contact}"
        )
    assert draft.to == "oscar@tornillo.co"
    assert draft.subject.startswith("Cotización JP-") and "Soluciones Andinas" in draft.subject
    assert "Óscar Muñoz" in draft.body
    # The client's formats (issue 11): "$ 1.234.567" and "27 de diciembre de 2026", not
    # "COP 1,234,567" and "2026-12-27".
    with database.sessions() as s:
        quote = s.get(Quote, quote_id)
        assert quote is not None
        total = formats("es", "CO").number(quote.total)
        until = spanish_date(quote.valid_until)
    assert f"por un total de $\xa0{total}, válida hasta el {until}" in draft.body
    assert custom.subject.endswith("para Ferretería El Tornillo Feliz Ñ")
    assert custom.body == "Hola Óscar Muñoz"


def test_an_english_quote_to_an_argentine_client_and_a_spanish_one_in_pesos(
    database: Database, quote_id: str
) -> None:
    with unit_of_work(database.sessions) as s:
        quote = s.get(Quote, quote_id)
        assert quote is not None
        account = s.get(Account, quote.account_id)
        assert account is not None
        account.country = "AR"
    with database.sessions() as s:
        spanish = draft_for_quote(s, quote_id, "SA").body
        valid_until = s.get_one(Quote, quote_id).valid_until
    with unit_of_work(database.sessions) as s:
        quote = s.get(Quote, quote_id)
        assert quote is not None
        quote.language = "en"
    with database.sessions() as s:
        english = draft_for_quote(s, quote_id, "SA").body
    # COP in Argentina is written with its code; the date the Argentine way.
    assert "por un total de COP\xa0" in spanish and spanish_date(valid_until) in spanish
    month = MONTHS_EN[valid_until.month - 1]
    english_until = f"valid until {month} {valid_until.day}, {valid_until.year}"
    assert "for a total of COP\xa0" in english and english_until in english
    assert ",00" not in spanish and ".00" not in english  # pesos never show cents


def test_queue_checks_addresses_and_logs_the_email_on_the_timeline(
    database: Database, quote_id: str
) -> None:
    with pytest.raises(ValidationError) as error:
        _queue(database, quote_id, to="", cc="no es correo")
    assert error.value.codes() == {"to": "required", "cc": "invalid_email"}
    _queue(database, quote_id, cc="gerencia@tornillo.co; ventas@tornillo.co")
    with database.sessions() as s:
        (state,) = outbox(s)
        activity = s.scalars(select(Activity).where(Activity.quote_id == quote_id)).one()
    assert (state.state, state.attempts) == ("queued", 0)
    assert activity.kind == "email" and "oscar@tornillo.co" in (activity.body or "")


def test_send_to_a_real_smtp_server_with_the_password_from_the_keyring(
    database: Database, quote_id: str, smtp_server: tuple[Inbox, int], memory_keyring: MemoryKeyring
) -> None:
    inbox, port = smtp_server
    store_smtp_password("ventas", "s3cret-pass")
    assert memory_keyring.others() == {(KEYRING_SERVICE, "ventas"): "s3cret-pass"}
    message_id = _queue(database, quote_id, cc="gerencia@tornillo.co")
    config = SmtpConfig("127.0.0.1", port, "none", "ventas", "ventas@solucionesandinas.co", 5)
    report = send_queued(database.sessions, config)
    assert (report.sent, report.failed, report.waiting) == (1, 0, 0)
    (received,) = inbox.messages
    assert received["To"] == "oscar@tornillo.co" and received["Cc"] == "gerencia@tornillo.co"
    assert sorted(inbox.envelopes[0]) == ["gerencia@tornillo.co", "oscar@tornillo.co"]
    (attachment,) = [p for p in received.walk() if p.get_filename()]
    assert attachment.get_filename() == "Cotización.pdf"
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_payload(decode=True) == PDF  # arrived intact
    with database.sessions() as s:
        sent = s.get(MailMessage, message_id)
        assert sent is not None and (sent.state, sent.attempts) == ("sent", 1)
        assert sent.sent_at is not None
    assert send_queued(database.sessions, config).sent == 0  # nothing is sent twice


def test_server_down_keeps_the_message_queued_with_the_error(
    database: Database, quote_id: str, memory_keyring: MemoryKeyring
) -> None:
    message_id = _queue(database, quote_id)
    config = SmtpConfig("127.0.0.1", _free_port(), "none", timeout=2)
    report = send_queued(database.sessions, config)
    assert (report.sent, report.waiting) == (0, 1) and report.error
    with database.sessions() as s:
        waiting = s.get(MailMessage, message_id)
        assert waiting is not None and waiting.state == "queued" and waiting.attempts == 1
        assert "ConnectionRefused" in (waiting.error or "")


def test_wrong_password_is_retried_later_and_never_logged(
    database: Database, quote_id: str, smtp_server: tuple[Inbox, int], memory_keyring: MemoryKeyring
) -> None:
    _inbox, port = smtp_server
    store_smtp_password("ventas", "wrong-password")
    _queue(database, quote_id)
    config = SmtpConfig("127.0.0.1", port, "none", "ventas", "v@solucionesandinas.co", 1)
    report = send_queued(database.sessions, config)
    assert report.waiting == 1 and "wrong-password" not in (report.error or "")
    with database.sessions() as s:
        (state,) = outbox(s)
    assert state.state == "queued" and "wrong-password" not in (state.error or "")


def test_a_missing_attachment_file_fails_the_message_and_stale_sends_are_released(
    database: Database, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    with unit_of_work(database.sessions) as s:
        draft = MailDraft(to="a@b.co", subject="x", body="y", attachment_name="x.pdf")
        message = queue_message(s, draft)
        message.attachment_path = str(tmp_path / "gone.pdf")
        message.state = "sending"
    release_stale(database.sessions)

    class Fake:
        def send_message(self, _email: object) -> None:
            raise AssertionError("must not be sent")

        def quit(self) -> None:
            pass

    config = SmtpConfig("unused")
    report = send_queued(database.sessions, config, connector=lambda _c, _p: Fake())  # type: ignore[arg-type,return-value]
    assert report.failed == 1


def test_nothing_is_attempted_without_settings_and_the_report_says_what_is_missing(
    database: Database, quote_id: str
) -> None:
    _queue(database, quote_id)
    report = send_queued(database.sessions, SmtpConfig(host="", sender=""))
    assert report.waiting == 1 and report.sent == 0
    assert report.missing == (gettext(NO_HOST),)
    with database.sessions() as s:
        (message,) = outbox(s)
    assert (message.state, message.attempts) == ("queued", 0)
    config = SmtpConfig(host="smtp.example.co", user="ventas", sender="v@example.co")
    assert setup_problems(config) == [gettext(NO_PASSWORD, user="ventas")]
    store_smtp_password("ventas", "x")
    assert setup_problems(config) == []


def test_a_new_revision_does_not_show_the_previous_revisions_mail_state(
    database: Database, quote_id: str
) -> None:
    from crm_desktop.services.quotes.mail import latest_state_by_quote
    from crm_desktop.services.quotes.quote_status import new_revision, send_quote

    _queue(database, quote_id)
    with database.sessions() as s:
        assert latest_state_by_quote(s, [quote_id]) == {quote_id: "queued"}
    with unit_of_work(database.sessions) as s:
        send_quote(s, quote_id)
    database.clock.advance(timedelta(minutes=5))  # type: ignore[attr-defined]
    with unit_of_work(database.sessions) as s:
        new_revision(s, quote_id, "Precio")
    with database.sessions() as s:
        assert latest_state_by_quote(s, [quote_id]) == {}  # revision 2: not e-mailed yet
    _queue(database, quote_id)
    with database.sessions() as s:
        assert latest_state_by_quote(s, [quote_id]) == {quote_id: "queued"}
