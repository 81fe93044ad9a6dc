"""Text measures that need no network and no model: words, lexicons, shingles, containment.

Lexicons are plain files under `polemica/analysis/lexicons/` (one entry per line, `#` comments);
`load_lexicon(name, extra=[...])` adds the entries of further files, which is how `polemica
analyze --lexicon praise=FILE` extends them. Matching is on whole words, case-insensitive.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

import polars as pl

LEXICONS = ("praise", "hostile", "non_reasons")
_WORD = re.compile(r"\w+(?:[-']\w+)*", re.UNICODE)

SHINGLE = 3
"""Word n-gram size for reuse and parroting (short texts fall back to single words)."""


def read_entries(text: str) -> list[str]:
    out = []
    for raw in text.splitlines():
        line = raw.strip().lower()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def load_lexicon(name: str, extra: Sequence[str | Path] = ()) -> list[str]:
    """The built-in lexicon `name` plus the entries of the `extra` files, deduplicated, sorted."""
    if name not in LEXICONS:
        raise ValueError(f"unknown lexicon {name!r}; known: {', '.join(LEXICONS)}")
    ref = resources.files("polemica.analysis").joinpath(f"lexicons/{name}.txt")
    entries = set(read_entries(ref.read_text(encoding="utf-8")))
    for path in extra:
        try:
            entries.update(read_entries(Path(path).read_text(encoding="utf-8")))
        except OSError as exc:
            raise ValueError(f"lexicon file {path} cannot be read ({exc.strerror})") from None
    return sorted(entries)


def lexicon_pattern(entries: Iterable[str]) -> str:
    """A regular expression (Rust regex syntax) matching any entry as whole words."""
    alts = sorted((re.escape(e) for e in entries), key=len, reverse=True)
    if not alts:
        return r"(?!x)x"
    return r"(?i)(?:^|[^\w])(?:" + "|".join(alts) + r")(?:[^\w]|$)"


def lexicon_hits(column: str, entries: Iterable[str]) -> pl.Expr:
    """Whether the text column contains any lexicon entry (False for null text)."""
    return pl.col(column).str.contains(lexicon_pattern(entries)).fill_null(False)


def word_count(column: str) -> pl.Expr:
    """Words in a text column: runs of letters or digits (joined by - or ')."""
    return pl.col(column).str.count_matches(r"\w+(?:[-']\w+)*").fill_null(0).cast(pl.Int64)


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def shingles(text: str, size: int = SHINGLE) -> frozenset[tuple[str, ...]]:
    """Word n-grams of a text; texts shorter than `size` words give their single words."""
    ws = words(text)
    if len(ws) < size:
        return frozenset((w,) for w in ws)
    return frozenset(tuple(ws[i : i + size]) for i in range(len(ws) - size + 1))


def containment(part: frozenset[tuple[str, ...]], whole: frozenset[tuple[str, ...]]) -> float:
    """Share of `part`'s shingles that occur in `whole` (0 when `part` is empty)."""
    if not part:
        return 0.0
    return len(part & whole) / len(part)


def jaccard(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> float:
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


BARE_REASON_WORDS = 3
"""A closure reason of fewer words names nothing that is protected ("Confidential.")."""


def bare_reason(reason: pl.Expr, non_reasons: Iterable[str]) -> pl.Expr:
    """Whether a closure's reason says nothing: blank, under three words, or a whole formula
    from the non-reasons lexicon (compared without case and punctuation)."""
    normal = (
        reason.str.to_lowercase()
        .str.replace_all(r"[^\w\s]", " ")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )
    formulas = sorted({" ".join(re.findall(r"\w+", e.lower())) for e in non_reasons})
    words = normal.str.count_matches(r"\w+")
    return (reason.is_null() | (words < BARE_REASON_WORDS) | normal.is_in(formulas)).fill_null(True)
