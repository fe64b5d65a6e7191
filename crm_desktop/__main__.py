"""Command line of `crm-desktop`: the program, its self-test and its subcommands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from crm_desktop.cli_costs import add_cost_commands, run_cost_command
from crm_desktop.cli_quotes import add_quote_commands, run_quote_command
from crm_desktop.database import default_db_path


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="crm-desktop", description="Offline-first desktop CRM for field sales reps."
    )
    parser.add_argument(
        "--db", type=Path, default=None, help=f"database file (default: {default_db_path()})"
    )
    parser.add_argument(
        "--lang",
        choices=("es", "en"),
        default=None,
        help="language of the program (default: the one chosen in Settings, else Spanish)",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="start offscreen, open the database, show the window, exit 0 if fine",
    )
    sub = parser.add_subparsers(dest="command")
    seed = sub.add_parser("seed", help="make a database of realistic demo data")
    seed.add_argument(
        "--accounts", type=_positive_int, default=2000, help="how many accounts (default 2000)"
    )
    seed.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    seed.add_argument("--replace", action="store_true", help="replace an existing database file")
    sub.add_parser("migrate", help="bring the database to the newest schema and exit")
    add_quote_commands(sub)
    add_cost_commands(sub)
    return parser


def _accept_db_after_subcommands(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """`--db FILE` works before or after any subcommand (`crm-desktop seed --db x.db`)."""
    for action in parser._subparsers._group_actions if parser._subparsers else []:
        for subparser in getattr(action, "choices", {}).values():
            if "--db" not in subparser._option_string_actions:
                subparser.add_argument(
                    "--db", type=Path, default=argparse.SUPPRESS, help="database file"
                )
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _run_seed(db: Path, args: argparse.Namespace) -> int:
    from crm_desktop.secure.keys import KeyUnavailable
    from crm_desktop.secure.sqlcipher import EncryptionFailed
    from crm_desktop.seed import SeedRefused, seed_database

    def progress(done: int, total: int) -> None:
        print(f"\r{done:,}/{total:,} accounts", end="", flush=True)

    problem = _seed_target_problem(db)
    if problem:
        print(f"crm-desktop seed: {problem}", file=sys.stderr)
        return 2
    try:
        report = seed_database(
            db, args.accounts, seed=args.seed, replace=args.replace, progress=progress
        )
    except (KeyUnavailable, EncryptionFailed) as exc:
        print(f"crm-desktop seed: {exc}", file=sys.stderr)
        return 2
    except SeedRefused:
        print(
            f"crm-desktop seed: {db} already holds data; add --replace to make a new one",
            file=sys.stderr,
        )
        return 2
    rows = sum(report.rows_by_table.values())
    print()
    print(
        f"Seeded {report.accounts} accounts, {rows} rows in {report.seconds:.1f} s: {report.path}"
    )
    return 0


def _seed_target_problem(db: Path) -> str | None:
    """Why seed must not write at db (a folder, a missing folder, a file that is not ours)."""
    from crm_desktop.files import looks_like_sqlite, read_only_reason
    from crm_desktop.secure.sqlcipher import opens_with_its_key

    if db.is_dir():
        return f"{db} is a folder: give a database file name, e.g. {db / 'crm.db'}"
    if not db.parent.is_dir():
        return f"cannot make {db}: its folder {db.parent} does not exist"
    if db.exists() and not looks_like_sqlite(db) and not opens_with_its_key(db):
        return f"{db} is not a CRM database: it was left as it is (choose another file)"
    read_only = read_only_reason(db)
    if read_only:
        from crm_desktop.i18n import _

        return _("{reason}: the file was left as it is", reason=read_only)
    return None


def _run_migrate(db: Path) -> int:
    from crm_desktop.database import open_database
    from crm_desktop.models.migrate import DatabaseProblem

    try:
        database = open_database(db)
    except DatabaseProblem as exc:
        print(f"crm-desktop migrate: {exc}", file=sys.stderr)
        return 1
    report = database.migration
    if report.before == report.after:
        print(f"{database.path}: already at the newest schema ({report.after})")
    else:
        print(f"{database.path}: schema {report.before or 'new'} → {report.after}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _accept_db_after_subcommands(build_parser()).parse_args(argv)
    db = args.db if args.db is not None else default_db_path()
    from crm_desktop.secure.keys import prefetch

    prefetch(db)  # the keyring loads while the rest does (a third of a second or more)
    if args.command == "seed":
        return _run_seed(db, args)
    if args.command == "migrate":
        return _run_migrate(db)
    quote_status = run_quote_command(db, args)
    if quote_status is None:
        quote_status = run_cost_command(db, args)
    if quote_status is not None:
        return quote_status
    from crm_desktop.app import run_app

    return run_app(db, lang=args.lang, self_test=args.self_test)


if __name__ == "__main__":
    sys.exit(main())
