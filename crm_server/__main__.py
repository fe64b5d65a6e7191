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
    _add_import(sub)
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


def serve(
    url: str,
    host: str,
    port: int,
    workers: int,
    fd: int | None = None,
    forwarded_allow_ips: str = "",
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
    )


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        build_parser().print_help()
        return 2
    from sqlalchemy.exc import OperationalError

    from crm_server import admin
    from crm_server.db.engine import default_url, ensure_current, make_engine, upgrade

    url = args.database_url or default_url()
    try:
        engine = make_engine(url)
        if args.command in ("migrate", "run", "import-laptop-db"):
            upgrade(engine)
        else:
            ensure_current(engine)  # migrates only when the schema is behind (Alembic is slow)
        if args.command == "migrate":
            print(f"The database {engine.url.render_as_string(hide_password=True)} is up to date.")
            return 0
        if args.command == "run":
            serve(url, args.host, args.port, args.workers, args.fd, args.forwarded_allow_ips)
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
    action = _action(args)
    with engine.begin() as conn:
        print(action(conn))
    return 0


if __name__ == "__main__":
    sys.exit(main())
