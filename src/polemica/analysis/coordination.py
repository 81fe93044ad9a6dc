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

import numpy as np
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


MASK_BATCH = 250_000
"""Texts per batch in `marker_masks`: every word of a batch is one row while it is scored."""


def marker_masks(ids: pl.Series, texts: pl.Series) -> pl.DataFrame:
    """(id, mask) for each text: the union of its chunks' marker classes.

    Texts are scored in batches so that memory holds one batch's words, not every word of the
    log (four million contributions are some hundred million words).
    """
    known: dict[str, int] = {}
    parts: list[pl.Series] = []
    for start in range(0, len(texts), MASK_BATCH):
        part = texts.slice(start, MASK_BATCH)
        chunks = (
            pl.DataFrame({"text": part})
            .with_row_index("i")
            .select(
                "i",
                pl.col("text").fill_null("").str.to_lowercase().str.extract_all(_CHUNK).alias("ch"),
            )
            .explode("ch")
            .drop_nulls("ch")
            .unique()
        )
        vocab = [c for c in chunks["ch"].unique().to_list() if c not in known]
        known.update((c, chunk_mask(c)) for c in vocab)
        table = pl.DataFrame(
            {"ch": list(known), "m": pl.Series(list(known.values()), dtype=pl.UInt16)}
        )
        masks = (
            chunks.join(table, on="ch", how="left")
            .group_by("i")
            .agg(pl.col("m").fill_null(0).bitwise_or().alias("mask"))
        )
        parts.append(
            pl.DataFrame({"i": pl.arange(0, len(part), eager=True, dtype=pl.UInt32)})
            .join(masks, on="i", how="left", maintain_order="left")["mask"]
            .fill_null(0)
            .cast(pl.UInt16)
        )
    mask = pl.concat(parts) if parts else pl.Series("mask", [], dtype=pl.UInt16)
    return pl.DataFrame({"uid": ids, "mask": mask.alias("mask")})


@dataclass
class Summary:
    """Per-speaker class scores and the three aggregates, as ConvoKit's summary report."""

    scores: dict[str, dict[str, float]] = field(default_factory=dict)
    agg1: float | None = None
    agg2: float | None = None
    agg3: float | None = None

    @property
    def count_agg1(self) -> int:
        """Speakers scored on all eight classes (the speakers aggregate 1 averages)."""
        return sum(1 for s in self.scores.values() if len(s) == len(CATEGORIES))

    @property
    def count_agg2(self) -> int:
        """Speakers scored on any class: ConvoKit counts them all for aggregates 2 and 3."""
        return len(self.scores)

    @property
    def count_agg3(self) -> int:
        return len(self.scores)

    def marker_means(self, *, complete_only: bool = False) -> dict[str, float]:
        """Class → mean score over speakers (only speakers with all 8 classes: `complete_only`,
        ConvoKit's `marker_agg1`; otherwise its `marker_agg2` and `marker_agg3`)."""
        by_cat: dict[str, list[float]] = {}
        for sc in self.scores.values():
            if complete_only and len(sc) != len(CATEGORIES):
                continue
            for cat, v in sc.items():
                by_cat.setdefault(cat, []).append(v)
        return {c: sum(by_cat[c]) / len(by_cat[c]) for c in CATEGORIES if c in by_cat}

    def to_json(self) -> dict[str, object]:
        """The summary report under ConvoKit's names, plus per-speaker scores and means."""
        return {
            "agg1": self.agg1,
            "agg2": self.agg2,
            "agg3": self.agg3,
            "count_agg1": self.count_agg1,
            "count_agg2": self.count_agg2,
            "count_agg3": self.count_agg3,
            "marker_agg1": self.marker_means(complete_only=True),
            "marker_agg2": self.marker_means(),
            "marker_agg3": self.marker_means(),
            "speakers": {
                s: {"mean": sum(sc.values()) / len(sc), "markers": sc}
                for s, sc in self.scores.items()
            },
        }


def scores(
    replies: pl.DataFrame, thresholds: Thresholds = Thresholds()
) -> dict[str, dict[str, float]]:
    """Speaker → class → coordination, from replies with columns speaker, target, m2, m1.

    `m2` is the reply's mask, `m1` the replied-to utterance's; `target` its speaker. Replies of a
    speaker to itself are ignored. Counts are taken per (speaker, target) pair so the per-target
    thresholds apply, then summed per speaker (numpy, no per-reply Python).
    """
    th = thresholds
    r = replies.filter(pl.col("speaker") != pl.col("target"))
    if r.height == 0:
        return {}
    spk_codes, speakers = _codes(r["speaker"])
    tgt_codes, _ = _codes(r["target"])
    pair_key = spk_codes.astype(np.int64) * (int(tgt_codes.max()) + 1) + tgt_codes
    pairs, pair_of = np.unique(pair_key, return_inverse=True)
    pair_speaker = spk_codes[np.unique(pair_of, return_index=True)[1]]
    n_pair = np.bincount(pair_of, minlength=len(pairs))
    m1 = r["m1"].to_numpy().astype(np.int64)
    m2 = r["m2"].to_numpy().astype(np.int64)
    out: dict[str, dict[str, float]] = {}
    for cat in CATEGORIES:
        bit = _BIT[cat]
        in1, in2 = (m1 & bit) > 0, (m2 & bit) > 0
        tally = np.bincount(pair_of, weights=in2, minlength=len(pairs))
        total = np.bincount(pair_of, weights=in1, minlength=len(pairs))
        cond = np.bincount(pair_of, weights=in1 & in2, minlength=len(pairs))
        keep = (
            (tally >= th.speaker_indiv)
            & (total >= th.target_indiv)
            & (n_pair >= th.utterances_indiv)
        )
        k = len(speakers)
        s_total = np.bincount(pair_speaker, weights=total * keep, minlength=k)
        s_cond = np.bincount(pair_speaker, weights=cond * keep, minlength=k)
        s_tally = np.bincount(pair_speaker, weights=tally * keep, minlength=k)
        s_n = np.bincount(pair_speaker, weights=n_pair * keep, minlength=k)
        ok = (
            (s_total >= max(th.target, 1))
            & (s_tally >= th.speaker)
            & (s_n >= max(th.utterances, 1))
        )
        for i in np.flatnonzero(ok):
            # Integer counts held exactly in float64: the same arithmetic as ConvoKit's.
            value = int(s_cond[i]) / int(s_total[i]) - int(s_tally[i]) / int(s_n[i])
            out.setdefault(speakers[i], {})[cat] = value
    return {s: {c: v[c] for c in CATEGORIES if c in v} for s, v in sorted(out.items())}


def _codes(series: pl.Series) -> tuple[np.ndarray, list[str]]:
    names = series.unique().sort()
    index = {name: i for i, name in enumerate(names.to_list())}
    return np.array([index[x] for x in series.to_list()], dtype=np.int64), names.to_list()


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


def reply_pairs(utterances: pl.DataFrame) -> pl.DataFrame:
    """Each reply (id, speaker, reply_to, target, m2, m1) whose replied-to utterance is known."""
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
    return r.rename({"mask": "m2"})


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
    r = reply_pairs(utterances)
    if speakers is not None:
        r = r.filter(pl.col("speaker").is_in(list(speakers)))
    if targets is not None:
        r = r.filter(pl.col("target").is_in(list(targets)))
    return aggregate(scores(r, thresholds))
