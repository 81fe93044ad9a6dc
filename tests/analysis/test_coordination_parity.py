"""Coordination equals ConvoKit's `Coordination` on the same corpus (ConvoKit as a peer)."""

from __future__ import annotations

import random

import polars as pl
import pytest

from polemica.analysis.coordination import CATEGORIES, marker_masks, summarize

VOCAB = [
    "the",
    "a",
    "an",
    "I",
    "you",
    "we",
    "they",
    "it's",
    "don't",
    "y'all",
    "won't",
    "isn't",
    "so",
    "but",
    "and",
    "of",
    "to",
    "in",
    "on",
    "with",
    "about",
    "all",
    "some",
    "many",
    "quickly",
    "soooo",
    "thing",
    "things",
    "anybody's",
    "it'd",
    "who'll",
    "rock'n'roll",
    "dogs'",
    "'tis",
    "café",
    "naïve",
    "The",
    "IT'S",
    "Don’t",
    "#the",
    "the$",
    "42",
    "foo_bar",
    "can't",
    "can",
    "cannot",
    "here's",
    "wanna",
    "lotsa",
]


def corpus_rows(
    seed: int, n: int = 1500, speakers: int = 10
) -> list[tuple[str, str, str | None, str]]:
    rng = random.Random(seed)
    rows: list[tuple[str, str, str | None, str]] = []
    for i in range(n):
        words = rng.randint(1, 25)
        text = " ".join(
            rng.choice(VOCAB) + rng.choice(["", "", ",", ".", "!", "'", "?"]) for _ in range(words)
        )
        reply = None if i < 10 or rng.random() < 0.1 else f"u{rng.randrange(i)}"
        rows.append((f"u{i}", f"s{rng.randrange(speakers)}", reply, text))
    return rows


def peer_corpus(rows: list[tuple[str, str, str | None, str]]) -> object:
    from convokit import Corpus, Speaker, Utterance

    speakers = {s: Speaker(id=s) for _, s, _, _ in rows}
    utts = [
        Utterance(
            id=u, speaker=speakers[s], reply_to=r, text=t, conversation_id=u if r is None else None
        )
        for u, s, r, t in rows
    ]
    return Corpus(utterances=utts)


@pytest.mark.peers
@pytest.mark.parametrize("seed", [1])
def test_values_equal_convokit(seed: int) -> None:
    # Imported inside the test: ConvoKit (and PyTorch under it) takes many seconds to load.
    pytest.importorskip("convokit")
    from convokit import Coordination

    rows = corpus_rows(seed)
    corpus = peer_corpus(rows)
    coord = Coordination()
    coord.fit(corpus)
    df = pl.DataFrame(rows, schema=["id", "speaker", "reply_to", "text"], orient="row")

    masks = dict(marker_masks(df["id"], df["text"]).iter_rows())
    for uid, mask in masks.items():
        ours = {c for i, c in enumerate(CATEGORIES) if mask >> i & 1}
        assert ours == corpus.get_utterance(uid).meta["liwc-categories"], uid  # type: ignore[attr-defined]

    leaders = {"s0", "s1"}
    for speakers, targets in (
        (None, None),
        (set(df["speaker"]) - leaders, leaders),
        (leaders, None),
    ):
        report = coord.summarize(
            corpus,
            (lambda s: True) if speakers is None else (lambda s, sp=speakers: s.id in sp),
            (lambda s: True) if targets is None else (lambda s, tg=targets: s.id in tg),
            summary_report=True,
        )
        scores = coord.summarize(
            corpus,
            (lambda s: True) if speakers is None else (lambda s, sp=speakers: s.id in sp),
            (lambda s: True) if targets is None else (lambda s, tg=targets: s.id in tg),
        )
        ours = summarize(df, speakers, targets)
        # Per-speaker, per-class scores are the same arithmetic on the same counts: equal exactly.
        assert ours.scores == {k.id: dict(v) for k, v in scores.items()}
        # Aggregates are means; ConvoKit sums in set order, so allow the last bits to differ.
        for k in ("agg1", "agg2", "agg3"):
            theirs, mine = report[k], getattr(ours, k)
            assert (theirs is None) == (mine is None)
            if theirs is not None:
                assert mine == pytest.approx(theirs, rel=1e-12, abs=1e-15)
        assert ours.count_agg1 == report["count_agg1"]
        assert ours.count_agg3 == report["count_agg3"]
