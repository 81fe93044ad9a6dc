"""Reader for Pol.is conversation exports: `comments.csv`, `votes.csv`, `participants-votes.csv`.

- `votes.csv` (`timestamp,…,comment-id,voter-id,vote`; 1 agree, -1 disagree, 0 pass) is used when
  present: a later vote by the same participant on the same statement replaces the earlier one.
- Otherwise `participants-votes.csv` (one row per participant, one column per statement holding
  the final vote, blank when not voted).
- `comments.csv` gives the statements and their text. Statements moderated out (`moderated` =
  -1) and meta statements (`is-meta` true) are marked `moderated` in the vote matrix, as Pol.is's
  math marks them (`conversation.clj`: `mod-update`): their votes still count towards who is
  placed, but they take no part in the PCA or the representative and consensus statements.
- `participants-votes.csv`'s `group-id` (Pol.is's own grouping) is returned for comparison.
A malformed file is rejected naming the file, the line and the reason.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

from polemica.decide.opinion.matrix import VoteMatrix, natural

VOTES = {"1": 1, "-1": -1, "0": 0}


class PolisFormatError(ValueError):
    def __init__(self, path: Path, line: int, reason: str) -> None:
        super().__init__(f"{path}, line {line}: {reason}")
        self.line = line
        self.reason = reason


@dataclass(frozen=True)
class PolisExport:
    votes: VoteMatrix
    polis_groups: dict[str, int]  # participant id → Pol.is's group id, where it placed them
    moderated_out: tuple[str, ...]


def _rows(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        missing = [c for c in required if c not in header]
        if missing:
            raise PolisFormatError(path, 1, f"missing column {missing[0]!r}")
        return [(reader.line_num, row) for row in reader]


def _id(path: Path, line: int, value: str | None, what: str) -> str:
    text = (value or "").strip()
    if not text:
        raise PolisFormatError(path, line, f"empty {what}")
    return text


def _vote(path: Path, line: int, value: str | None) -> int:
    text = (value or "").strip()
    if text not in VOTES:
        raise PolisFormatError(path, line, f"vote must be 1, -1 or 0, not {text!r}")
    return VOTES[text]


def read_comments(path: Path) -> tuple[list[str], dict[str, str], list[str]]:
    """All statements, their texts, and those moderated out (rejected or meta)."""
    statements, texts, out = [], {}, []
    for line, row in _rows(path, ("comment-id",)):
        sid = _id(path, line, row.get("comment-id"), "comment-id")
        statements.append(sid)
        texts[sid] = (row.get("comment-body") or "").strip()
        meta = (row.get("is-meta") or "").strip().lower() == "true"
        if meta or (row.get("moderated") or "").strip() == "-1":
            out.append(sid)
    return sorted(statements, key=natural), texts, sorted(out, key=natural)


def read_polis_export(directory: str | os.PathLike[str]) -> PolisExport:
    """Votes, statement texts and Pol.is's own groups from an export directory."""
    d = Path(directory)
    comments = d / "comments.csv"
    votes_csv = d / "votes.csv"
    wide = d / "participants-votes.csv"
    if not votes_csv.exists() and not wide.exists():
        raise ValueError(f"{d}: neither votes.csv nor participants-votes.csv is there")
    statements: list[str] | None = None
    texts: dict[str, str] = {}
    moderated: list[str] = []
    if comments.exists():
        statements, texts, moderated = read_comments(comments)
    triples: list[tuple[str, str, int]] = []
    if votes_csv.exists():
        rows = _rows(votes_csv, ("timestamp", "comment-id", "voter-id", "vote"))
        keyed = []
        for line, row in rows:
            ts = (row.get("timestamp") or "").strip()
            try:
                when = float(ts)
            except ValueError:
                raise PolisFormatError(
                    votes_csv, line, f"timestamp {ts!r} is not a number"
                ) from None
            keyed.append(
                (
                    when,
                    line,
                    _id(votes_csv, line, row.get("voter-id"), "voter-id"),
                    _id(votes_csv, line, row.get("comment-id"), "comment-id"),
                    _vote(votes_csv, line, row.get("vote")),
                )
            )
        keyed.sort()  # by time, then file order: the latest vote is applied last
        triples = [(p, s, v) for _, _, p, s, v in keyed]
    groups: dict[str, int] = {}
    if wide.exists():
        wide_triples, groups = _read_wide(wide)
        if not triples:
            triples = wide_triples
    if statements is None:
        statements = sorted({s for _, s, _ in triples}, key=natural)
    keep = set(statements)
    triples = [t for t in triples if t[1] in keep]
    return PolisExport(
        VoteMatrix.from_triples(triples, statements=statements, texts=texts, moderated=moderated),
        groups,
        tuple(moderated),
    )


def _read_wide(path: Path) -> tuple[list[tuple[str, str, int]], dict[str, int]]:
    fixed = ("participant", "xid", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree")
    rows = _rows(path, ("participant",))
    triples: list[tuple[str, str, int]] = []
    groups: dict[str, int] = {}
    for line, row in rows:
        pid = _id(path, line, row.get("participant"), "participant")
        gid = (row.get("group-id") or "").strip()
        if gid:
            if not gid.lstrip("-").isdigit():
                raise PolisFormatError(path, line, f"group-id {gid!r} is not an integer")
            groups[pid] = int(gid)
        for key, value in row.items():
            if key is None or key in fixed or value is None or not value.strip():
                continue
            triples.append((pid, key.strip(), _vote(path, line, value)))
    return triples, groups
