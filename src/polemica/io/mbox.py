"""Import a mailing-list archive (mbox) as events.

The list is one body (`list`); each thread — a message with no known parent and its replies —
is a question titled by its subject; each message is a contribution of type `remark` by its
sender, targeting its parent: the message named by `In-Reply-To`, else the last known one in
`References`. Quoted lines (starting with `>`) are dropped from the text, since they repeat the
parent and would fool the reuse and coordination measures. Senders become members by address.

The file is split on `From ` separator lines (mboxo/mboxrd), so an error names the line where
the bad message starts.
"""

from __future__ import annotations

import email
import email.policy
import os
import re
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path
from typing import Any

from polemica.io._sequence import ImportError_, Sequence

BODY = "list"
_ID = re.compile(r"<[^<>\s]+>")
_WROTE = re.compile(r"^On .{0,200} wrote:\s*$")


def _split(raw: bytes, name: str) -> list[tuple[int, bytes]]:
    """(first line number, bytes) of each message in the mbox."""
    lines = raw.split(b"\n")
    if not lines or not lines[0].startswith(b"From "):
        raise ImportError_(name, "is not an mbox file (it must start with a 'From ' line)", 1)
    out: list[tuple[int, bytes]] = []
    start, buf = 1, []  # type: ignore[var-annotated]
    for i, line in enumerate(lines, start=1):
        if line.startswith(b"From ") and buf:
            out.append((start, b"\n".join(buf)))
            buf, start = [], i
        if line.startswith(b"From ") and not buf:
            start = i
            buf.append(b"")  # placeholder for the separator line
            continue
        buf.append(re.sub(rb"^>(>*From )", rb"\1", line))
    if buf:
        out.append((start, b"\n".join(buf)))
    return [(ln, body.lstrip(b"\n")) for ln, body in out]


def _text(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain",)) if msg.is_multipart() else msg
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeDecodeError):
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if not isinstance(content, str):
        return ""
    kept = [
        ln
        for ln in content.splitlines()
        if not ln.lstrip().startswith(">") and not _WROTE.match(ln)
    ]
    return "\n".join(kept).strip()


def _messages(path: Path) -> list[dict[str, Any]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportError_(path.name, f"cannot be read ({exc.strerror})") from None
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for n, (line, chunk) in enumerate(_split(raw, path.name), start=1):
        msg = email.message_from_bytes(chunk, policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        sender = getaddresses([str(msg.get("From", ""))])
        if not sender or not sender[0][1] or "@" not in sender[0][1]:
            raise ImportError_(path.name, f"message {n} has no sender address (From:)", line)
        display, address = sender[0]
        date = msg.get("Date")
        try:
            at = parsedate_to_datetime(str(date)) if date else None
        except (TypeError, ValueError):
            at = None
        if at is None:
            raise ImportError_(
                path.name, f"message {n} has no readable Date: header ({date!r})", line
            )
        if at.tzinfo is None:
            at = at.replace(tzinfo=UTC)
        mid_match = _ID.search(str(msg.get("Message-ID", "")))
        mid = mid_match.group(0)[1:-1] if mid_match else f"message-{n}"
        if mid in seen:
            mid = f"{mid}#{n}"
        seen.add(mid)
        parents = _ID.findall(str(msg.get("In-Reply-To", "")))
        refs = _ID.findall(str(msg.get("References", "")))
        out.append(
            {
                "line": line,
                "id": mid,
                "sender": address.lower(),
                "name": display or address,
                "at": at.astimezone(UTC),
                "subject": str(msg.get("Subject", "")).strip() or "(no subject)",
                "in_reply_to": [p[1:-1] for p in parents],
                "references": [r[1:-1] for r in refs],
                "text": _text(msg),
            }
        )
    return out


def read_mbox(path: str | os.PathLike[str], *, org: str = "mailing-list") -> Sequence:
    """The events of an mbox archive, validated, in memory."""
    p = Path(path)
    msgs = sorted(_messages(p), key=lambda m: (m["at"], m["line"]))
    seq = Sequence(org)
    start: datetime = msgs[0]["at"] if msgs else datetime(2000, 1, 1, tzinfo=UTC)
    seq.add("org.founded", org, {"name": p.stem}, start)
    seq.add("body.created", BODY, {"name": p.stem, "parent": None, "level": "committee"}, start)
    posted: dict[str, str] = {}  # message id → thread (question) id
    members: set[str] = set()
    for m in msgs:
        if m["sender"] not in members:
            members.add(m["sender"])
            seq.add("member.joined", m["sender"], {"name": m["name"]}, m["at"], body=BODY)
        parent = next((x for x in m["in_reply_to"] if x in posted), None)
        if parent is None:
            parent = next((x for x in reversed(m["references"]) if x in posted), None)
        if parent is None:
            thread = m["id"]
            seq.add(
                "question.opened",
                thread,
                {"title": m["subject"], "text": m["text"] or m["subject"], "visibility": "open"},
                m["at"],
                actor=m["sender"],
                body=BODY,
            )
        else:
            thread = posted[parent]
        data: dict[str, Any] = {
            "question": thread,
            "type": "remark",
            "text": m["text"] or m["subject"],
        }
        if parent is not None:
            data["target"] = parent
        seq.add("contribution.posted", m["id"], data, m["at"], actor=m["sender"], body=BODY)
        posted[m["id"]] = thread
    return seq


def import_mbox(
    path: str | os.PathLike[str], out: str | os.PathLike[str], *, org: str = "mailing-list"
) -> int:
    """Import an mbox file into the events file `out`; return the event count."""
    return read_mbox(path, org=org).write(out)
