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
    sub.add_parser("send-mail", help="send the e-mails waiting in the local mail outbox")


def run_quote_command(db: Path, args: argparse.Namespace) -> int | None:
    """The exit status of a quote subcommand; None if args.command is not one."""
    if args.command == "quote-pdf":
        return _quote_pdf(db, args.number, args.out, args.force)
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


def _quote_pdf(db: Path, number: str, out: Path, force: bool = False) -> int:
    # Only what the command needs: the file is read with sqlite3 alone (quote_read), so
    # neither SQLAlchemy nor the models nor Alembic load when the file is at the newest schema.
    from crm_desktop.documents.proposal import Company, render_proposal
    from crm_desktop.files import OutputRefused, check_output, write_atomically
    from crm_desktop.schema_version import DatabaseProblem
    from crm_desktop.services.quotes.quote_read import read_quote
    from crm_desktop.settings import Settings

    try:
        target = check_output(out, db, force)
        database = _open(db)
    except (OutputRefused, FileNotFoundError, DatabaseProblem) as exc:
        return _fail("quote-pdf", str(exc))
    settings = Settings.beside(database.path)
    conn = database.read_connection()
    try:
        data = read_quote(conn, number, str(settings.get("quotes.tax_rounding")))
    finally:
        conn.close()
    if data is None:
        return _fail("quote-pdf", f"there is no quote number {number}")
    pdf = render_proposal(data, Company.from_settings(settings))
    try:
        write_atomically(target, pdf)
    except OSError as exc:
        return _fail("quote-pdf", f"cannot write {out}: {exc.strerror or exc}")
    print(f"{out}: quote {data.number} revision {data.revision}, {len(data.lines)} lines")
    return 0


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
