"""Antagonism: are people who object answered, or branded as enemies?"""

from __future__ import annotations

import polars as pl

from polemica.analysis.scopes import Scope
from polemica.analysis.signals.base import NO_TYPES, Signal, ids, missing, share
from polemica.analysis.tables import OBJECTING


def hostile_label_rate(s: Scope) -> Signal:
    if not s.tables.has_types:
        return missing(NO_TYPES)
    responses = s.contrib.filter(
        pl.col("target_type").is_in(list(OBJECTING)) & (pl.col("actor") != pl.col("target_author"))
    )
    if responses.height == 0:
        return missing("nobody responded to an objection in the window")
    labelled = responses.filter(pl.col("hostile"))
    return Signal(share(labelled.height, responses.height), responses.height, ids(labelled))
