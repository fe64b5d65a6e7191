"""Command line of `crm-server`: run the server, migrate, and administer users and accounts.

Heavy modules (SQLAlchemy's ORM, the laptop's models, Alembic, argon2, uvicorn) are imported
only by the commands that use them, so an admin command starts in a fraction of a second.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

ROLES = ("rep", "manager", "admin")  # the same as crm_server.admin.ROLES


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="crm-server", description="Central sync server of the CRM."
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("CRM_SERVER_DATABASE_URL"),
        help="SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db "
        "(default: a SQLite file in the data folder)",
    )
    sub = parser.add_subparsers(dest="command")
    _add_run(sub.add_parser("run", help="migrate, then serve the API"))
    sub.add_parser("migrate", help="bring the database schema to the newest revision")
    for name, text in (("create-admin", "create the first admin"), ("add-user", "add a user")):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("username")
        cmd.add_argument("--full-name", default="")
        cmd.add_argument("--password", help="(asked for when left out)")
        if name == "add-user":
            cmd.add_argument("--role", choices=ROLES, default="rep")
    sub.add_parser("deactivate-user", help="stop a user from logging in").add_argument("username")
    sub.add_parser("activate-user", help="let a deactivated user in again").add_argument("username")
    pw = sub.add_parser("set-password", help="set a user's password (ends their sessions)")
    pw.add_argument("username")
    pw.add_argument("--password")
    sub.add_parser(
        "logout-everywhere", help="end every session of a user (each laptop must log in again)"
    ).add_argument("username")
    for name in ("assign-account", "reassign"):
        cmd = sub.add_parser(name, help="give an account and everything under it to a rep")
        cmd.add_argument("account_id")
        cmd.add_argument("username")
    sub.add_parser("list-users", help="list users and their roles")
    access = sub.add_parser("costs-access", help="let a rep see products' costs, or stop it")
    access.add_argument("username")
    access.add_argument("allowed", choices=("on", "off"))
    cal = sub.add_parser(
        "calendar-token", help="issue (revoking the old) or revoke a user's calendar feed address"
    )
    cal.add_argument("action", choices=("issue", "revoke"))
    cal.add_argument("username")
    cal.add_argument(
        "--base-url", default="", help="the server's public address, to print the whole URL"
    )
    revoke = sub.add_parser(
        "revoke-laptop",
        help="revoke a laptop: at its next contact it pushes nothing more and erases its data",
    )
    revoke.add_argument("device", help="the laptop's id (see list-laptops)")
    revoke.add_argument("--reason", default="", help="kept with the revocation (e.g. 'stolen')")
    sub.add_parser("list-laptops", help="list the laptops that have synced, and revoked ones")
    purge = sub.add_parser(
        "content-purge",
        help="remove abandoned partial uploads and attachment content no live row names",
    )
    purge.add_argument("--partial-hours", type=float, default=24.0,
                       help="partial uploads untouched this long go (default 24)")  # fmt: skip
    purge.add_argument("--limit", type=int, default=1000,
                       help="at most this many of each per run (default 1000)")  # fmt: skip
    purge.add_argument("--dry-run", action="store_true", help="list what would go; remove nothing")
    sub.add_parser(
        "unlock-code",
        help="the one-time code that unlocks a laptop locked after too many days without a sync",
    ).add_argument("device", help="the laptop's id (shown on its lock screen)")
    _add_import(sub)
    _add_taxes(sub)
    bulk = sub.add_parser(
        "import",
        help="load accounts with their contacts for every rep from a CSV or XLSX (a column of "
        "usernames says whose each account is), or products, price lists or opportunities "
        "(--kind); every valid line or nothing is saved",
    )
    bulk.add_argument(
        "--kind",
        choices=("accounts", "products", "price-lists", "opportunities"),
        default="accounts",
        help="what the file holds (default: accounts with their contacts)",
    )
    bulk.add_argument(
        "--duplicates",
        choices=("update", "skip", "create"),
        default="update",
        help="a product, price or opportunity already on the server (not for accounts, which "
        "are skipped): update it, skip it, or create another where that is allowed",
    )
    bulk.add_argument("path", type=Path)
    bulk.add_argument("--as", required=True, metavar="ADMIN", help="the administrator importing")
    bulk.add_argument("--encoding", default=None, help="of a CSV (default: detected)")
    bulk.add_argument("--sheet", default=None, help="of an XLSX (default: the first)")
    bulk.add_argument(
        "--all-or-nothing", action="store_true", help="import nothing while a line has a problem"
    )
    return parser


def _add_run(run: argparse.ArgumentParser) -> None:
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8765)
    run.add_argument(
        "--fd", type=int, default=None, help="serve on this already bound listening socket"
    )
    run.add_argument("--workers", type=int, default=1, help="server processes (PostgreSQL only)")
    run.add_argument(
        "--forwarded-allow-ips",
        default="",
        help="comma-separated addresses of reverse proxies whose X-Forwarded-For/-Proto headers "
        "are believed (default: none, the peer's own address is the client's)",
    )
    run.add_argument(
        "--certfile",
        type=Path,
        default=None,
        help="serve HTTPS with this PEM certificate (its chain after it); with --keyfile. "
        "Without them, plain HTTP: only behind a TLS proxy or on this machine",
    )
    run.add_argument("--keyfile", type=Path, default=None, help="the certificate's PEM private key")
    run.add_argument(
        "--http",
        choices=("auto", "httptools", "h11"),
        default="auto",
        help="uvicorn's HTTP parser (default: httptools, installed with the server; h11 is "
        "pure Python and slower on big bodies)",
    )
    run.add_argument(
        "--loop",
        choices=("auto", "uvloop", "asyncio"),
        default="auto",
        help="the event loop (default: uvloop where installed, not on Windows)",
    )


def tls_problem(certfile: Path | None, keyfile: Path | None) -> str | None:
    """Why --certfile/--keyfile cannot be used, in words; None when fine (or both absent)."""
    if (certfile is None) != (keyfile is None):
        return "--certfile and --keyfile go together: give both, or neither (plain HTTP)"
    if certfile is None or keyfile is None:
        return None
    import ssl

    for what, path in (("certificate", certfile), ("key", keyfile)):
        if not path.is_file():
            return f"the {what} file {path} does not exist"
    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(certfile, keyfile)
    except ssl.SSLError as error:
        return f"{certfile} and {keyfile} are not a PEM certificate and its key ({error.reason})"
    except OSError as error:
        return f"cannot read {error.filename}: {error.strerror}"
    return None


def _add_import(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmd = sub.add_parser(
        "import-laptop-db",
        help="load a laptop's database file into an empty server (rows at version 1, and users)",
    )
    cmd.add_argument("path", type=Path, help="the laptop's SQLite file (e.g. crm.db)")
    cmd.add_argument(
        "--password", required=True, help="password of every login made for the laptop's users"
    )
    cmd.add_argument(
        "--replace",
        action="store_true",
        help="delete everything the server holds first (laptops that synced with it must start "
        "from a fresh pull)",
    )


def _add_taxes(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    taxes = sub.add_parser("taxes", help="the taxes quotes may carry (synced to every laptop)")
    do = taxes.add_subparsers(dest="taxes_command", required=True)
    do.add_parser("list", help="every tax, with its rate, kind, country and validity")
    do.add_parser("seed", help="add the seeded Colombian and Argentine taxes the server lacks")
    add = do.add_parser("add", help="add a tax (its code is never reused)")
    add.add_argument("code", help="letters, digits and _ (e.g. ar_perc3)")
    add.add_argument("--name-es", required=True)
    add.add_argument("--name-en", required=True)
    add.add_argument("--rate", required=True, help="a percentage: 19, 10.5")
    add.add_argument("--kind", required=True, choices=("vat", "consumption", "exempt", "excluded"))
    add.add_argument("--country", required=True, help="CO, AR, CL, MX or PE")
    add.add_argument("--price-included", action="store_true")
    add.add_argument("--valid-from", type=date.fromisoformat, help="first day (YYYY-MM-DD)")
    add.add_argument("--valid-to", type=date.fromisoformat, help="last day (YYYY-MM-DD)")
    retire = do.add_parser("retire", help="the last day a tax may be quoted (default: today)")
    retire.add_argument("code")
    retire.add_argument("--last-day", type=date.fromisoformat)


def _taxes_action(args: argparse.Namespace) -> Callable[[Connection], str]:
    from crm_server import taxes_admin as T

    c = args.taxes_command
    if c == "seed":
        return lambda conn: f"Seeded: {', '.join(T.seed(conn)) or 'nothing (all there)'}."
    if c == "add":
        values = {"code": args.code, "name_es": args.name_es, "name_en": args.name_en,
                  "rate": T.percent(args.rate), "kind": args.kind, "country": args.country,
                  "price_included": args.price_included, "valid_from": args.valid_from,
                  "valid_to": args.valid_to}  # fmt: skip
        return lambda conn: f"Tax {args.code} added with id {T.add(conn, values)}."
    if c == "retire":
        return lambda conn: (
            f"Tax {args.code} may be quoted until {T.retire(conn, args.code, args.last_day)}."
        )
    return lambda conn: (
        "\n".join(
            f"{t.code:12} {t.country} {t.kind:12} {t.rate * 100:>7.3f} % "
            f"{'incl.' if t.price_included else '     '} {t.valid_from or '—':10} "
            f"{t.valid_to or '—':10} {t.name_es}"
            for t in T.list_taxes(conn)
        )
        or "No taxes yet: run `crm-server taxes seed`."
    )


def _password(given: str | None) -> str:
    from crm_server import admin

    if given is not None:
        return given
    first = getpass.getpass("Password: ")
    if getpass.getpass("Repeat it: ") != first:
        raise admin.AdminError("The two passwords differ.")
    return first


def _action(args: argparse.Namespace) -> Callable[[Connection], str]:
    from crm_server import admin

    c = args.command
    if c == "taxes":
        return _taxes_action(args)
    if c in ("create-admin", "add-user"):
        role = "admin" if c == "create-admin" else args.role
        password = _password(args.password)
        return lambda conn: (
            f"User {args.username} ({role}) created with id "
            + admin.add_user(conn, args.username, password, role, args.full_name)
        )
    if c in ("deactivate-user", "activate-user"):
        active = c == "activate-user"

        def activate(conn: Connection) -> str:
            admin.set_active(conn, args.username, active)
            return f"User {args.username} {'activated' if active else 'deactivated'}."

        return activate
    if c == "set-password":
        password = _password(args.password)

        def change(conn: Connection) -> str:
            admin.set_password(conn, args.username, password)
            return f"Password of {args.username} changed; their sessions ended."

        return change
    if c == "logout-everywhere":

        def end(conn: Connection) -> str:
            admin.end_sessions(conn, args.username)
            return f"Every session of {args.username} ended."

        return end
    if c == "costs-access":
        return lambda conn: admin.set_costs_access(conn, args.username, args.allowed == "on")
    if c == "calendar-token":
        return lambda conn: _calendar_token(conn, args)
    if c == "revoke-laptop":
        return lambda conn: (
            f"Laptop {args.device} of {admin.revoke_laptop(conn, args.device, args.reason)} "
            "revoked: it erases its data at its next contact."
        )
    if c == "unlock-code":
        return lambda conn: (
            f"Unlock code of laptop {args.device}: {admin.unlock_code(conn, args.device)} "
            "(valid until its next sync)"
        )
    if c == "list-laptops":
        return _laptop_lines
    if c in ("assign-account", "reassign"):
        return lambda conn: (
            f"Account {args.account_id} now belongs to {args.username} (version "
            f"{admin.assign_account(conn, args.account_id, args.username)})."
        )
    return lambda conn: (
        "\n".join(
            f"{u.username:20} {u.role:8} {'active' if u.active else 'INACTIVE':8} {u.id}"
            for u in admin.list_users(conn)
        )
        or "No users yet: run `crm-server create-admin NAME`."
    )


def _calendar_token(conn: Connection, args: argparse.Namespace) -> str:
    from crm_desktop.clock import SYSTEM, timestamp
    from crm_server import admin, calendar_feed

    user_id = admin.user_id_of(conn, args.username)
    now = timestamp(SYSTEM)
    if args.action == "revoke":
        found = calendar_feed.revoke(conn, user_id, now)
        return (
            f"Calendar address of {args.username} revoked."
            if found
            else (f"{args.username} had no calendar address.")
        )
    path = f"/v1/calendar/{calendar_feed.issue(conn, user_id, now)}.ics"
    return (
        f"Calendar address of {args.username} (the previous one no longer works; keep it secret):"
        f"\n{args.base_url.rstrip('/')}{path}"
    )


def _laptop_lines(conn: Connection) -> str:
    from datetime import UTC, datetime

    from crm_server.laptops import LaptopLine, list_laptops

    def when(at: float | None) -> str:
        return datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%d %H:%M") if at else "-"

    def revoked(line: LaptopLine) -> str:
        if line.revoked_at is None:
            return ""
        return f"  REVOKED {when(line.revoked_at)}, told {when(line.told_at)}"

    lines = [
        f"{line.client_id:36} {line.username:20} last seen {when(line.last_seen_at)}"
        + revoked(line)
        for line in list_laptops(conn)
    ]
    return "\n".join(lines) or "No laptop has contacted this server yet."


def serve(
    url: str,
    host: str,
    port: int,
    workers: int,
    fd: int | None = None,
    forwarded_allow_ips: str = "",
    certfile: Path | None = None,
    keyfile: Path | None = None,
    http: str = "auto",
    loop: str = "auto",
) -> None:
    """uvicorn on host:port or on a listening socket the caller bound (fd). Forwarded headers
    are believed only from the addresses in forwarded_allow_ips (none by default)."""
    import uvicorn

    os.environ["CRM_SERVER_DATABASE_URL"] = url
    allowed = forwarded_allow_ips.strip()
    uvicorn.run(
        "crm_server.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        fd=fd,
        workers=workers,
        log_level="info",
        proxy_headers=bool(allowed),
        forwarded_allow_ips=allowed or "",
        ssl_certfile=str(certfile) if certfile else None,
        ssl_keyfile=str(keyfile) if keyfile else None,
        http=http,
        loop=loop,
    )


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        build_parser().print_help()
        return 2
    problem = tls_problem(args.certfile, args.keyfile) if args.command == "run" else None
    if problem:
        print(f"crm-server run: {problem}", file=sys.stderr)
        return 2
    from sqlalchemy.exc import OperationalError

    from crm_server import admin
    from crm_server.db.engine import default_url, ensure_current, make_engine, upgrade

    url = args.database_url or default_url()
    try:
        engine = make_engine(url)
        if args.command in ("migrate", "run", "import-laptop-db", "import"):
            upgrade(engine)
        else:
            ensure_current(engine)  # migrates only when the schema is behind (Alembic is slow)
        if args.command == "migrate":
            print(f"The database {engine.url.render_as_string(hide_password=True)} is up to date.")
            return 0
        if args.command == "run":
            serve(url, args.host, args.port, args.workers, args.fd, args.forwarded_allow_ips,
                  args.certfile, args.keyfile, args.http, args.loop)  # fmt: skip
            return 0
        return _command(engine, args)
    except admin.AdminError as error:
        print(f"crm-server: {error}", file=sys.stderr)
        return 1
    except OperationalError as error:
        print(f"crm-server: cannot use the database: {error.orig}", file=sys.stderr)
        return 3


def _command(engine: Engine, args: argparse.Namespace) -> int:
    if args.command == "import-laptop-db":
        from crm_server import importer

        return importer.command(engine, args)
    if args.command == "import":
        from crm_server import bulk_records

        return bulk_records.command(engine, args)
    if args.command == "content-purge":
        from crm_server import content_purge

        return content_purge.command(engine, args)
    action = _action(args)
    with engine.begin() as conn:
        print(action(conn))
    return 0


if __name__ == "__main__":
    sys.exit(main())
