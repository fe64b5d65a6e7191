"""What a user typed as an FTS5 MATCH expression: plain text work, no database, no SQLAlchemy.

Its own module so that the accounts table's first page
(services/accounts/account_list.py) can be read at start without importing SQLAlchemy;
services/accounts/search.py runs the searches.
"""

from __future__ import annotations

import re

# Plain words skip the e-mail columns: every address carries "com", "co", "info", "gmail"...,
# so a two-letter prefix like "co" would otherwise match nearly every account. A word that
# looks like part of an address (has "@", or a dot between letters) searches every column.
_NAME_COLUMNS = "{legal_name trade_name tax_id city contact_names}"
_ADDRESS_LIKE = re.compile(r"@|[^\W\d_]\.[^\W\d_]")
# A tax id as people write it: 900.123.456-7, 1.020.304.050, 900123456-7 (stored compact).
_NUMBER_LIKE = re.compile(r"\d[\d.\-]*")
_NUMBER_ONLY_TEXT = re.compile(r"[\d.\-\s]*\d[\d.\-\s]*")

# When at most this many accounts match, sorting the matches is cheapest; beyond it, walking
# the legal-name index and keeping the matching rows finds a page sooner (measured on 100k).
SPARSE_MATCHES = 3000


def _term(word: str) -> str | None:
    """One typed word as an FTS5 prefix term, or None when it has nothing to search for."""
    if _NUMBER_LIKE.fullmatch(word):
        word = re.sub(r"[.\-]", "", word)
    if not any(ch.isalnum() for ch in word):
        return None  # only punctuation: the tokenizer would make an empty phrase of it
    quoted = '"' + word.replace('"', '""') + '"*'  # inside quotes FTS5 syntax is plain text
    return quoted if _ADDRESS_LIKE.search(word) else f"{_NAME_COLUMNS} : {quoted}"


def fts_query(user_text: str) -> str | None:
    """The FTS5 MATCH expression for what the user typed: every word a prefix, all required.

    Returns None when there is nothing to search for (empty text, only punctuation).
    """
    stripped = user_text.strip()
    if _NUMBER_ONLY_TEXT.fullmatch(stripped):
        # "900 123 456-7" is one tax id typed with spaces, not four separate words.
        words = [re.sub(r"[\s.\-]", "", stripped)]
    else:
        words = stripped.split()
    terms = [term for term in map(_term, words) if term is not None]
    return " AND ".join(terms) if terms else None
