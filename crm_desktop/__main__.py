"""Command line of `crm-desktop`: the program, its self-test and its subcommands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

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
        help="language of the program (default: from the system)",
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
    from crm_desktop.seed import SeedExists, seed_database

    def progress(message: str) -> None:
        print(message, flush=True)

    try:
        report = seed_database(
            db, args.accounts, seed=args.seed, replace=args.replace, progress=progress
        )
    except SeedExists as exc:
        print(f"crm-desktop seed: {exc}", file=sys.stderr)
        return 2
    rows = sum(report.rows_by_table.values())
    print(
        f"Seeded {report.accounts} accounts, {rows} rows in {report.seconds:.1f} s: {report.path}"
    )
    return 0


def _run_migrate(db: Path) -> int:
    from crm_desktop.database import open_database
    from crm_desktop.models.migrate import DatabaseProblem

    try:
        database = open_database(db)
    except DatabaseProblem as exc:
        print(f"crm-desktop migrate: {exc}", file=sys.stderr)
        return 1
    print(
        f"{database.path}: schema {database.migration.before or 'new'} → {database.migration.after}"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    db = args.db if args.db is not None else default_db_path()
    if args.command == "seed":
        return _run_seed(db, args)
    if args.command == "migrate":
        return _run_migrate(db)
    from crm_desktop.app import run_app

    return run_app(db, lang=args.lang, self_test=args.self_test)


if __name__ == "__main__":
    sys.exit(main())
