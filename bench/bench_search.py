"""Account search: 2-4 letter prefixes of real words, and tax-id prefixes; p50/p95/max in ms."""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from bench._shared import cached_db, percentile
from crm_desktop.models.database import make_engine
from crm_desktop.services.accounts.search import search_accounts

TARGET = "p95_ms < 20 for 2-4 letter prefix queries"
WORD_QUERIES = 400
TAX_ID_QUERIES = 40
WARM_UP = 10


def _queries(session: Session, rng: random.Random) -> tuple[list[str], list[str]]:
    """Prefixes of words people would type (names, cities, contacts) and of tax ids."""
    sample = session.execute(
        text(
            "SELECT a.legal_name, coalesce(a.trade_name, ''), coalesce(a.city, ''), "
            "coalesce(a.tax_id, ''), coalesce(c.first_name || ' ' || c.last_name, '') "
            "FROM accounts a LEFT JOIN contacts c ON c.account_id = a.id AND c.is_primary "
            "WHERE a.deleted_at IS NULL ORDER BY random() LIMIT 2000"
        )
    ).all()
    words = [
        w
        for row in sample
        for w in re.findall(r"[^\W\d_]{2,}", " ".join((row[0], row[1], row[2], row[4])))
    ]
    word_queries = []
    for _ in range(WORD_QUERIES):
        word = rng.choice(words)
        prefix = word[: rng.randint(2, min(4, len(word)))]
        word_queries.append(prefix if rng.random() < 0.5 else prefix.lower())
    tax_queries = []
    for row in rng.sample(sample, TAX_ID_QUERIES):
        digits = row[3][: rng.randint(4, 10)]
        if rng.random() < 0.5 and len(digits) > 3:  # typed with dots, as on an invoice
            digits = re.sub(r"(?<=\d)(?=(\d{3})+$)", ".", digits)
        tax_queries.append(digits)
    return word_queries, tax_queries


def _timed(session: Session, queries: list[str]) -> list[tuple[float, str, int]]:
    out = []
    for query in queries:
        started = time.perf_counter()
        hits = search_accounts(session, query)
        out.append(((time.perf_counter() - started) * 1000, query, len(hits)))
    return out


def _summary(results: list[tuple[float, str, int]]) -> dict[str, Any]:
    ms = sorted(r[0] for r in results)
    slowest = max(results)
    return {
        "queries": len(results),
        "p50_ms": round(percentile(ms, 50), 2),
        "p95_ms": round(percentile(ms, 95), 2),
        "max_ms": round(ms[-1], 2),
        "mean_ms": round(statistics.fmean(ms), 2),
        "slowest": {"query": slowest[1], "ms": round(slowest[0], 2), "hits": slowest[2]},
        "empty_results": sum(1 for r in results if r[2] == 0),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    path: Path = cached_db(args)
    engine = make_engine(path)
    try:
        with Session(engine) as session:
            words, tax_ids = _queries(session, random.Random(args.seed))
            first = _timed(session, words[:1])[0][0]
            _timed(session, words[1 : 1 + WARM_UP])
            word_results = _timed(session, words)
            tax_results = _timed(session, tax_ids)
    finally:
        engine.dispose()
    summary = _summary(word_results)
    return {
        **summary,
        "first_query_ms": round(first, 2),
        "tax_id": _summary(tax_results),
        "target_met": summary["p95_ms"] < 20,
    }
