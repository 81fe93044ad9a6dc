"""Opinion groups, the Pol.is approach: PCA of the agree/disagree/pass matrix, base and group
clusters, representative and consensus statements (docs/opinion-groups.md)."""

from __future__ import annotations

from polemica.decide.opinion.groups import OpinionGroups, opinion_groups
from polemica.decide.opinion.matrix import VoteMatrix

__all__ = ["OpinionGroups", "VoteMatrix", "opinion_groups"]
