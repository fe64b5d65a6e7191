"""Run benchmarks and print one JSON line each: `python -m bench.run NAME... | all | --list`."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from pathlib import Path

from bench._shared import machine

HERE = Path(__file__).resolve().parent
ORDER = ("seed", "search", "open_first_page")  # "all" runs the known ones first, in this order


def available() -> list[str]:
    found = sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))
    return [n for n in ORDER if n in found] + [n for n in found if n not in ORDER]


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("names", nargs="*", help="benchmarks to run, or 'all'")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    parser.add_argument("--accounts", type=int, default=100_000, help="size of the database")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated data")
    parser.add_argument("--fresh", action="store_true", help="re-seed the cached database")
    chaos = parser.add_argument_group("sync_chaos")
    chaos.add_argument("--seeds", type=int, default=20, help="most seeds to run")
    chaos.add_argument("--first-seed", type=int, default=1, help="seeds run from this one on")
    chaos.add_argument("--steps", type=int, default=30, help="random steps per seed")
    chaos.add_argument("--backends", default="sqlite,postgres", help="server databases, in turn")
    chaos.add_argument("--minutes", type=float, default=0, help="stop starting seeds after this")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    names = available()
    if args.list or not args.names:
        for name in names:
            doc = (importlib.import_module(f"bench.bench_{name}").__doc__ or "").strip()
            print(f"{name:18} {doc.splitlines()[0] if doc else ''}")
        return 0
    wanted = names if args.names == ["all"] else args.names
    unknown = [n for n in wanted if n not in names]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; try --list", file=sys.stderr)
        return 2
    from bench import _keyring
    from bench._shared import CACHE_DIR

    _keyring.use(CACHE_DIR)  # this VM has no keyring service; the program's files are encrypted
    for name in wanted:
        module = importlib.import_module(f"bench.bench_{name}")
        started = time.perf_counter()
        figures = module.run(args)
        line = {
            "name": name,
            "accounts": args.accounts,
            **figures,
            "target": module.TARGET,
            "wall_seconds": round(time.perf_counter() - started, 2),
            "machine": machine(),
        }
        print(json.dumps(line, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
