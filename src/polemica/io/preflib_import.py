"""Import a PrefLib ordinal file (`.soc`, `.soi`, `.toc`, `.toi`) as events.

One organization with one body, `voters`, and one question (id: the file's name without its
suffix; title: `# TITLE`, text: `# DESCRIPTION`). Each alternative is an option of the question:
a `position` contribution whose id is its PrefLib number ("1".."m", as `polemica tally` names
them when it reads the file itself) and whose text and `data.meta.name` are its name. Each data
line `count: order` becomes `count` voters `v-1`, `v-2`, … each casting the ranking ballot
`{"ranking": [[id, …], …]}` (tie groups best first; unranked alternatives are left out, so
`--unranked` applies to them as to the file). Every event is dated `# PUBLICATION DATE` (else
2000-01-01): PrefLib records no times. The file is streamed: memory does not grow with it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from polemica.events import Event
from polemica.io._sequence import ImportError_, Sequence, write_stream
from polemica.io.preflib import PrefLibError, scan_preflib

BODY = "voters"


def _date(text: str | None) -> datetime:
    try:
        return datetime.fromisoformat((text or "").strip()[:10]).replace(tzinfo=UTC)
    except ValueError:
        return datetime(2000, 1, 1, tzinfo=UTC)


def iter_preflib_events(path: str | os.PathLike[str], *, org: str = "preflib") -> Iterator[Event]:
    """The events of a PrefLib file, streamed; a malformed line stops it with its number."""
    p = Path(path)
    try:
        header, orders = scan_preflib(p)
    except OSError as exc:
        raise ImportError_(p.name, f"cannot be read ({exc.strerror})") from None
    except PrefLibError as exc:
        raise ImportError_(p.name, exc.reason, exc.line or None) from None
    at = _date(header.fields.get("PUBLICATION DATE"))
    title = header.fields.get("TITLE", "").strip() or p.stem
    question = p.stem
    seq = Sequence(org)
    yield seq.make("org.founded", org, {"name": title}, at)
    yield seq.make("body.created", BODY, {"name": title, "parent": None, "level": "committee"}, at)
    text = header.fields.get("DESCRIPTION", "").strip() or title
    yield seq.make(
        "question.opened",
        question,
        {
            "title": title,
            "text": text,
            "visibility": "open",
            "meta": {"data_type": header.kind},
        },
        at,
        body=BODY,
    )
    for a in range(1, header.m + 1):
        name = header.names.get(a, f"alternative {a}")
        data = {"question": question, "type": "position", "text": name, "meta": {"name": name}}
        yield seq.make("contribution.posted", str(a), data, at, body=BODY)
    voter = 0
    try:
        for order in orders:
            ranking = [[str(a + 1) for a in group] for group in order.groups]
            for _ in range(order.count):
                voter += 1
                vid = f"v-{voter}"
                yield seq.make("member.joined", vid, {"name": f"voter {voter}"}, at, body=BODY)
                yield seq.make(
                    "vote.cast",
                    f"ballot-{voter}",
                    {"question": question, "ballot": {"ranking": ranking}},
                    at,
                    actor=vid,
                    body=BODY,
                )
    except PrefLibError as exc:
        raise ImportError_(p.name, exc.reason, exc.line) from None


def import_preflib(
    path: str | os.PathLike[str], out: str | os.PathLike[str], *, org: str = "preflib"
) -> int:
    """Import a PrefLib file into the events file `out`; return the event count."""
    return write_stream(out, iter_preflib_events(path, org=org))
