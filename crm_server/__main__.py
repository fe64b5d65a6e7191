"""Command line of `crm-server`: run the server, migrate, and administer users and accounts."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable

from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError

from crm_server import admin, importer
from crm_server.db.engine import default_url, make_engine, upgrade


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
    run = sub.add_parser("run", help="migrate, then serve the API")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8765)
    run.add_argument("--workers", type=int, default=1, help="server processes (PostgreSQL only)")
    sub.add_parser("migrate", help="bring the database schema to the newest revision")
    for name, text in (("create-admin", "create the first admin"), ("add-user", "add a user")):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("username")
        cmd.add_argument("--full-name", default="")
        cmd.add_argument("--password", help="(asked for when left out)")
        if name == "add-user":
            cmd.add_argument("--role", choices=admin.ROLES, default="rep")
    sub.add_parser("deactivate-user", help="stop a user from logging in").add_argument("username")
    sub.add_parser("activate-user", help="let a deactivated user in again").add_argument("username")
    pw = sub.add_parser("set-password", help="set a user's password")
    pw.add_argument("username")
    pw.add_argument("--password")
    for name in ("assign-account", "reassign"):
        cmd = sub.add_parser(name, help="give an account and everything under it to a rep")
        cmd.add_argument("account_id")
        cmd.add_argument("username")
    sub.add_parser("list-users", help="list users and their roles")
    importer.add_parser(sub)
    return parser


def _password(given: str | None) -> str:
    if given is not None:
        return given
    first = getpass.getpass("Password: ")
    if getpass.getpass("Repeat it: ") != first:
        raise admin.AdminError("The two passwords differ.")
    return first


def _action(args: argparse.Namespace) -> Callable[[Connection], str]:
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
            return f"Password of {args.username} changed."

        return change
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


def serve(url: str, host: str, port: int, workers: int) -> None:
    import uvicorn

    os.environ["CRM_SERVER_DATABASE_URL"] = url
    uvicorn.run(
        "crm_server.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
    )


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        build_parser().print_help()
        return 2
    url = args.database_url or default_url()
    try:
        engine = make_engine(url)
        upgrade(engine)
        if args.command == "migrate":
            print(f"The database {engine.url.render_as_string(hide_password=True)} is up to date.")
            return 0
        if args.command == "run":
            serve(url, args.host, args.port, args.workers)
            return 0
        if args.command == "import-laptop-db":
            return importer.command(engine, args)
        action = _action(args)
        with engine.begin() as conn:
            print(action(conn))
        return 0
    except admin.AdminError as error:
        print(f"crm-server: {error}", file=sys.stderr)
        return 1
    except OperationalError as error:
        print(f"crm-server: cannot use the database: {error.orig}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
