"""ConvoKit's linguistic coordination over the contributions of any events file.

Each `contribution.posted` is an utterance: its subject the id, its actor the speaker, its
`target` the utterance it replies to, its text as posted. `--where` comparisons on `data.meta`
(`analysis.where`) select replies the way ConvoKit's `speaker_utterance_selector` and
`target_utterance_selector` do: before any count, so a speaker whose replies are all left out is
not scored and the thresholds count only the replies kept.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from typing import Any

import polars as pl

from polemica.analysis.coordination import Summary, Thresholds, aggregate, reply_pairs, scores
from polemica.analysis.frame import scan_raw
from polemica.analysis.where import Where

DEFAULT = Thresholds()
_FIELDS = pl.Struct({"text": pl.String, "target": pl.String})


def file_utterances(path: str | os.PathLike[str]) -> pl.DataFrame:
    """(id, speaker, reply_to, text, meta) of every contribution with an author, in log order.

    `meta` is the contribution's `data.meta` as JSON text (null without one); a repeated id
    keeps its first contribution, as a corpus has one utterance per id.
    """
    raw = scan_raw(path)
    return (
        raw.filter((pl.col("kind") == "contribution.posted") & pl.col("actor").is_not_null())
        .sort("seq")
        .select(
            pl.col("subject").alias("id"),
            pl.col("actor").alias("speaker"),
            pl.col("data").str.json_decode(_FIELDS).alias("_d"),
            pl.col("data").str.json_path_match("$.meta").alias("meta"),
        )
        .select(
            "id",
            "speaker",
            pl.col("_d").struct.field("target").alias("reply_to"),
            pl.col("_d").struct.field("text").fill_null("").alias("text"),
            "meta",
        )
        .unique("id", keep="first", maintain_order=True)
        .collect()
    )


def _metas(values: pl.Series) -> list[dict[str, Any] | None]:
    out: list[dict[str, Any] | None] = []
    for text in values.to_list():
        meta = json.loads(text) if text is not None else None
        out.append(meta if isinstance(meta, dict) else None)
    return out


def summarize_file(
    utterances: pl.DataFrame,
    where: Sequence[Where] = (),
    thresholds: Thresholds = DEFAULT,
) -> tuple[Summary, int]:
    """The summary over the replies every `where` keeps, and how many replies were kept."""
    r = reply_pairs(utterances)
    if where:
        meta = dict(zip(utterances["id"].to_list(), _metas(utterances["meta"]), strict=True))
        ids, parents = r["id"].to_list(), r["reply_to"].to_list()
        keep = [
            all(w.test(meta.get(p if w.on == "target" else i)) for w in where)
            for i, p in zip(ids, parents, strict=True)
        ]
        r = r.filter(pl.Series(keep, dtype=pl.Boolean))
    kept = r.filter(pl.col("speaker") != pl.col("target")).height
    return aggregate(scores(r, thresholds)), kept
