"""The quote subcommands of `crm-desktop`: quote-pdf (write a proposal) and send-mail."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def add_quote_commands(sub: Any) -> None:
    pdf = sub.add_parser("quote-pdf", help="write a quote's PDF proposal")
    pdf.add_argument("number", help="the quote number, e.g. JP-7F3A-000042")
    pdf.add_argument("--out", type=Path, required=True, help="the PDF file to write")
    pdf.add_argument("--force", action="store_true", help="replace --out if it exists")
    verify = sub.add_parser(
        "quote-verify", help="re-check a signed quote's SHA-256 against its record and the quote"
    )
    verify.add_argument("number", help="the quote number, e.g. JP-7F3A-000042")
    sub.add_parser("send-mail", help="send the e-mails waiting in the local mail outbox")


def run_quote_command(db: Path, args: argparse.Namespace) -> int | None:
    """The exit status of a quote subcommand; None if args.command is not one."""
    if args.command == "quote-pdf":
        return _quote_pdf(db, args.number, args.out, args.force)
    if args.command == "quote-verify":
        return _quote_verify(db, args.number)
    if args.command == "send-mail":
        return _send_mail(db)
    return None


def _fail(command: str, message: str) -> int:
    print(f"crm-desktop {command}: {message}", file=sys.stderr)
    return 2


def _open(db: Path) -> Any:
    from crm_desktop.database import open_database

    if not db.exists():
        raise FileNotFoundError(f"no database at {db}")
    return open_database(db)


def _read(db: Path, number: str) -> tuple[Any, Any, Any]:
    """(settings, the quote or None, its signed acceptance or None), read with sqlite3 alone."""
    from crm_desktop.services.quotes.quote_read import read_acceptance, read_quote
    from crm_desktop.settings import Settings

    database = _open(db)
    settings = Settings.beside(database.path)
    conn = database.read_connection()
    try:
        data = read_quote(conn, number, str(settings.get("quotes.tax_rounding")))
        accepted = read_acceptance(conn, data) if data is not None else None
    finally:
        conn.close()
    return settings, data, accepted


def _quote_pdf(db: Path, number: str, out: Path, force: bool = False) -> int:
    # Only what the command needs: the file is read with sqlite3 alone (quote_read), so
    # neither SQLAlchemy nor the models nor Alembic load when the file is at the newest schema.
    from crm_desktop.documents.proposal import Company, render_proposal
    from crm_desktop.files import OutputRefused, check_output, write_atomically
    from crm_desktop.schema_version import DatabaseProblem

    try:
        target = check_output(out, db, force)
        settings, data, accepted = _read(db, number)
    except (OutputRefused, FileNotFoundError, DatabaseProblem) as exc:
        return _fail("quote-pdf", str(exc))
    if data is None:
        return _fail("quote-pdf", f"there is no quote number {number}")
    pdf = render_proposal(data, Company.from_settings(settings), accepted)
    try:
        write_atomically(target, pdf)
    except OSError as exc:
        return _fail("quote-pdf", f"cannot write {out}: {exc.strerror or exc}")
    print(f"{out}: quote {data.number} revision {data.revision}, {len(data.lines)} lines")
    return 0


def _quote_verify(db: Path, number: str) -> int:
    """Exit 0 when the record's hash is the SHA-256 of its content and the quote as stored
    still gives that content; 1 when either fails; 2 when there is nothing to verify."""
    from crm_desktop.schema_version import DatabaseProblem
    from crm_desktop.services.core.signed import sha256_hex
    from crm_desktop.services.quotes.canonical import canonical_content

    try:
        _settings, data, accepted = _read(db, number)
    except (FileNotFoundError, DatabaseProblem) as exc:
        return _fail("quote-verify", str(exc))
    if data is None or accepted is None:
        return _fail("quote-verify", f"quote {number} has no signed acceptance")
    intact = sha256_hex(accepted.content) == accepted.sha256
    unchanged = canonical_content(data) == accepted.content
    print(f"quote {data.number} revision {data.revision} signed by {accepted.signer_name} "
          f"({accepted.signer_id_kind.upper()} {accepted.signer_id}) at "
          f"{accepted.signed_at.isoformat()}")  # fmt: skip
    print(f"sha256 {accepted.sha256}")
    print(f"record: {'the hash matches its content' if intact else 'HASH DOES NOT MATCH'}")
    print(f"quote: {'unchanged since signed' if unchanged else 'CHANGED SINCE SIGNED'}")
    return 0 if intact and unchanged else 1


def _send_mail(db: Path) -> int:
    from crm_desktop.models.migrate import DatabaseProblem
    from crm_desktop.services.quotes.mail import SmtpConfig, release_stale, send_queued
    from crm_desktop.settings import Settings

    try:
        database = _open(db)
    except (FileNotFoundError, DatabaseProblem) as exc:
        return _fail("send-mail", str(exc))
    config = SmtpConfig.from_settings(Settings.beside(database.path))
    if not config.host:
        return _fail("send-mail", "no SMTP server: set smtp.host in the settings")
    release_stale(database.sessions)
    report = send_queued(database.sessions, config, limit=1000)
    print(f"sent {report.sent}, failed {report.failed}, still queued {report.waiting}")
    if report.error:
        print(f"crm-desktop send-mail: {report.error}", file=sys.stderr)
    return 0 if report.waiting == 0 and report.failed == 0 else 1
