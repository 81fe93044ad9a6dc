"""Linguistic coordination (Danescu-Niculescu-Mizil et al., "Echoes of power", WWW 2012).

How much a speaker echoes the function-word style of the speaker they reply to: for a marker
class c (articles, auxiliary verbs, conjunctions, adverbs, personal and impersonal pronouns,
prepositions, quantifiers) the coordination of speaker a towards targets B is

    P(a's reply shows c | the replied-to utterance shows c) − P(a's reply shows c)

over a's replies to members of B. Aggregates over the speakers of a group follow the paper:
1 — mean over speakers scored on all 8 classes; 2 — missing classes filled with the group's mean
for that class; 3 — missing classes skipped (each speaker's mean over the classes it has).

The marker lists (`lexicons/coordination.tsv`), the word matching and the thresholds (a class
counts for a speaker when the replied-to utterances showed it at least 3 times) are the ones of
ConvoKit's `Coordination` transformer, so values are equal on the same corpus (tests/analysis/
test_coordination_parity.py). The computation is vectorized: each distinct word chunk is matched
once, and counts are grouped in Polars.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import polars as pl

CATEGORIES = ("article", "auxverb", "conj", "adverb", "ppron", "ipron", "preps", "quant")
_BIT = {c: 1 << i for i, c in enumerate(CATEGORIES)}
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
_CHUNK = r"[a-z0-9_']+"

Trie = dict[str, "Trie | set[str]"]


@dataclass(frozen=True)
class Thresholds:
    """ConvoKit's thresholds, with its defaults."""

    speaker: int = 0
    target: int = 3
    utterances: int = 0
    speaker_indiv: int = 0
    target_indiv: int = 0
    utterances_indiv: int = 0


@cache
def _trie() -> dict[str, object]:
    """Marker words as a trie; '#' marks a word boundary, '$' holds the classes ending there."""
    root: dict[str, object] = {}
    text = resources.files("polemica.analysis").joinpath("lexicons/coordination.tsv")
    for line in text.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        cat, pattern = line.strip().split("\t")
        for word in pattern.replace("\\b", "#").split("|"):
            node = root
            for ch in word[1:]:  # the leading boundary is implied by where matching starts
                node = node.setdefault(ch, {})  # type: ignore[assignment]
            node.setdefault("$", set()).add(cat)  # type: ignore[attr-defined]
    return root


@cache
def chunk_mask(chunk: str) -> int:
    """The marker classes of one run of word characters and apostrophes, as a bit mask.

    Matching starts at a word's first character, may continue through an apostrophe while the
    trie allows (so "y'all" is one word), and a pattern ending in a boundary matches only when
    the word ends there; classes found anywhere along the way count.
    """
    root = _trie()
    cats: set[str] = set()
    cur: dict[str, object] | None = None
    last: str | None = None
    for c in chunk + " ":
        if (
            (last is None or last not in _WORD_CHARS)
            and c in _WORD_CHARS
            and (last != "'" or not cur)
        ):
            cur = root
        if cur:
            nxt = cur.get(c)
            if nxt is not None and c not in "#$":
                if c not in _WORD_CHARS:
                    end = cur.get("#")
                    if isinstance(end, dict) and "$" in end:
                        cats |= end["$"]
                cur = nxt  # type: ignore[assignment]
            elif c not in _WORD_CHARS and last in _WORD_CHARS and "#" in cur:
                cur = cur["#"]  # type: ignore[assignment]
            else:
                cur = None
        if cur and "$" in cur:
            cats |= cur["$"]  # type: ignore[arg-type]
        last = c
    mask = 0
    for cat in cats:
        mask |= _BIT[cat]
    return mask


def marker_masks(ids: pl.Series, texts: pl.Series) -> pl.DataFrame:
    """(id, mask) for each text: the union of its chunks' marker classes."""
    df = pl.DataFrame({"uid": ids, "text": texts})
    chunks = df.select(
        "uid", pl.col("text").fill_null("").str.to_lowercase().str.extract_all(_CHUNK).alias("ch")
    ).explode("ch")
    vocab = chunks["ch"].drop_nulls().unique()
    table = pl.DataFrame(
        {"ch": vocab, "m": pl.Series([chunk_mask(c) for c in vocab], dtype=pl.UInt16)}
    )
    masks = (
        chunks.join(table, on="ch", how="left")
        .group_by("uid")
        .agg(pl.col("m").fill_null(0).bitwise_or().alias("mask"))
    )
    return (
        df.select("uid")
        .join(masks, on="uid", how="left")
        .with_columns(pl.col("mask").fill_null(0).cast(pl.UInt16))
    )


@dataclass
class Summary:
    """Per-speaker class scores and the three aggregates, as ConvoKit's summary report."""

    scores: dict[str, dict[str, float]] = field(default_factory=dict)
    agg1: float | None = None
    agg2: float | None = None
    agg3: float | None = None

    @property
    def count_agg1(self) -> int:
        return sum(1 for s in self.scores.values() if len(s) == len(CATEGORIES))

    @property
    def count_agg3(self) -> int:
        return len(self.scores)


def scores(
    replies: pl.DataFrame, thresholds: Thresholds = Thresholds()
) -> dict[str, dict[str, float]]:
    """Speaker → class → coordination, from replies with columns speaker, target, m2, m1.

    `m2` is the reply's mask, `m1` the replied-to utterance's; `target` its speaker. Replies of a
    speaker to itself are ignored.
    """
    th = thresholds
    r = replies.filter(pl.col("speaker") != pl.col("target"))
    if r.height == 0:
        return {}
    exprs: list[pl.Expr] = [pl.len().alias("n")]
    for cat in CATEGORIES:
        bit = _BIT[cat]
        in1 = (pl.col("m1").cast(pl.Int64) & bit) > 0
        in2 = (pl.col("m2").cast(pl.Int64) & bit) > 0
        exprs += [
            in2.sum().alias(f"tally_{cat}"),
            in1.sum().alias(f"total_{cat}"),
            (in1 & in2).sum().alias(f"cond_{cat}"),
        ]
    pairs = r.group_by("speaker", "target").agg(exprs)
    out: dict[str, dict[str, float]] = {}
    per_cat = []
    for cat in CATEGORIES:
        keep = (
            (pl.col(f"tally_{cat}") >= th.speaker_indiv)
            & (pl.col(f"total_{cat}") >= th.target_indiv)
            & (pl.col("n") >= th.utterances_indiv)
        )
        agg = (
            pairs.filter(keep)
            .group_by("speaker")
            .agg(
                pl.col(f"total_{cat}").sum().alias("total"),
                pl.col(f"cond_{cat}").sum().alias("cond"),
                pl.col(f"tally_{cat}").sum().alias("tally"),
                pl.col("n").sum().alias("n"),
            )
            .filter(
                (pl.col("total") >= max(th.target, 1))
                & (pl.col("tally") >= th.speaker)
                & (pl.col("n") >= max(th.utterances, 1))
            )
            .with_columns(pl.lit(cat).alias("cat"))
        )
        per_cat.append(agg)
    allc = pl.concat(per_cat)
    for speaker, cat, total, cond, tally, n in allc.select(
        "speaker", "cat", "total", "cond", "tally", "n"
    ).iter_rows():
        out.setdefault(speaker, {})[cat] = cond / total - tally / n
    # Classes in the fixed order, as ConvoKit reports them.
    return {s: {c: v[c] for c in CATEGORIES if c in v} for s, v in sorted(out.items())}


def aggregate(per_speaker: dict[str, dict[str, float]]) -> Summary:
    """The three aggregates of the paper over the speakers' class scores."""
    if not per_speaker:
        return Summary()
    by_cat: dict[str, list[float]] = {}
    for sc in per_speaker.values():
        for cat, v in sc.items():
            by_cat.setdefault(cat, []).append(v)
    fill = (
        {c: sum(v) / len(v) for c, v in by_cat.items()} if len(by_cat) == len(CATEGORIES) else None
    )
    a1: list[float] = []
    a2: list[float] = []
    a3: list[float] = []
    for sc in per_speaker.values():
        vals = list(sc.values())
        mean = sum(vals) / len(vals)
        a3.append(mean)
        if len(vals) == len(CATEGORIES):
            a1.append(mean)
        if fill is not None:
            filled = vals + [fill[c] for c in fill if c not in sc]
            a2.append(sum(filled) / len(filled))

    def avg(xs: list[float]) -> float | None:
        return sum(xs) / len(xs) if xs else None

    return Summary(per_speaker, avg(a1), avg(a2), avg(a3))


def summarize(
    utterances: pl.DataFrame,
    speakers: Iterable[str] | None = None,
    targets: Iterable[str] | None = None,
    thresholds: Thresholds = Thresholds(),
) -> Summary:
    """Coordination of `speakers` towards `targets` over utterances (id, speaker, reply_to, text).

    None selects everyone. Equivalent to ConvoKit's `Coordination.summarize(corpus,
    speaker_selector, target_selector, summary_report=True)` with focus on speakers.
    """
    masks = marker_masks(utterances["id"], utterances["text"])
    u = utterances.select("id", "speaker", "reply_to").join(
        masks, left_on="id", right_on="uid", how="left"
    )
    parent = u.select(
        pl.col("id").alias("reply_to"),
        pl.col("speaker").alias("target"),
        pl.col("mask").alias("m1"),
    )
    r = u.filter(pl.col("reply_to").is_not_null()).join(parent, on="reply_to", how="inner")
    r = r.rename({"mask": "m2"})
    if speakers is not None:
        r = r.filter(pl.col("speaker").is_in(list(speakers)))
    if targets is not None:
        r = r.filter(pl.col("target").is_in(list(targets)))
    return aggregate(scores(r, thresholds))
