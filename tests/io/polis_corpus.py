"""A ConvoKit corpus of real text: the statements of the Pol.is conversations in shared data.

Pol.is statements do not reply to each other, so each statement is taken to answer the latest
earlier statement by another author in the same conversation (the rule of a spoken meeting).
The text, authors, times and metadata are real (CC BY 4.0, The Computational Democracy
Project); only the reply links are made. Built with ConvoKit itself (a peer: tests only).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

POLIS = Path(__file__).resolve().parents[3] / "shared" / "data" / "polis"


def statements(conversation: Path) -> list[dict[str, Any]]:
    with (conversation / "comments.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows.sort(key=lambda r: (int(r["timestamp"]), int(r["comment-id"])))
    out: list[dict[str, Any]] = []
    for row in rows:
        author = f"{conversation.name}:{row['author-id']}"
        previous = next((u for u in reversed(out) if u["speaker"] != author), None)
        out.append(
            {
                "id": f"{conversation.name}:{row['comment-id']}",
                "speaker": author,
                "reply_to": previous["id"] if previous else None,
                "timestamp": int(row["timestamp"]) / 1000,
                "text": row["comment-body"].strip(),
                "meta": {
                    "agrees": int(row["agrees"]),
                    "disagrees": int(row["disagrees"]),
                    "moderated": int(row["moderated"]),
                },
            }
        )
    return out


def build(conversations: list[Path] | None = None) -> Any:
    """The ConvoKit `Corpus` of the statements, with speaker and conversation metadata."""
    from convokit import Corpus, Speaker, Utterance

    utts = []
    speakers: dict[str, Any] = {}
    titles: dict[str, str] = {}
    for conv in conversations or sorted(POLIS.iterdir()):
        rows = statements(conv)
        topic = next(
            (
                r[1]
                for r in csv.reader((conv / "summary.csv").open(encoding="utf-8"))
                if r[0] == "topic"
            ),
            conv.name,
        )
        for row in rows:
            sp = speakers.setdefault(
                row["speaker"],
                Speaker(
                    id=row["speaker"],
                    meta={"conversation": conv.name, "owner": row["speaker"].endswith(":0")},
                ),
            )
            root = rows[0]["id"]
            titles[root] = topic.strip()
            utts.append(
                Utterance(
                    id=row["id"],
                    speaker=sp,
                    conversation_id=root,
                    reply_to=row["reply_to"],
                    timestamp=row["timestamp"],
                    text=row["text"],
                    meta=row["meta"],
                )
            )
    corpus = Corpus(utterances=utts)
    for cid, title in titles.items():
        corpus.get_conversation(cid).meta["title"] = title
    return corpus
