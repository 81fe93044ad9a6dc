"""Import a mailing-list archive (mbox) as events.

Dialects read (docs/importers.md): plain mbox (mboxo/mboxrd, `>From ` unquoted), Mailman 2's
raw archive (`LIST.mbox`), Mailman 2's public pipermail text archive (`2001-November.txt`:
separator lines `From user at host  Thu Nov  1 11:19:12 2001`, `From: user at host (Name)`,
dates without a zone, bodies already decoded), and Mailman 3's HyperKitty export
(`LIST.mbox.gz`: gzip, `From: "Name" <addr>` with RFC 2047 words, `multipart/mixed` bodies in
base64 or quoted-printable). Any file may be gzip-compressed.

The list is one body (`list`); each thread — a message with no known parent and its replies —
is a question titled by its subject (the `[list]` tag Mailman adds left out); each message is a
contribution of type `remark` by its sender, targeting its parent: the message named by
`In-Reply-To`, else the last known one in `References`. The text is the `text/plain` part (else
`text/html` made text), decoded from its transfer encoding and charset, with quoted lines
(`>`), "On … wrote:" lines and forwarded "Original Message" blocks dropped: they repeat the
parent and would fool the reuse and coordination measures. Senders become members by address.

The file is read twice: first each message's headers and place (so errors name the line where
the bad message starts, and memory holds no bodies), then each body in date order.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.header import decode_header, make_header
from email.message import EmailMessage, Message
from email.parser import BytesHeaderParser
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any

from polemica.events import Event
from polemica.io._sequence import ImportError_, Sequence, write_stream

BODY = "list"
BASE = datetime(2000, 1, 1, tzinfo=UTC)
_ID = re.compile(r"<[^<>\s]+>")
_WROTE = re.compile(r"^.{0,200}\b(wrote|writes|schrieb|écrit|escribió)\s*:\s*$")
# Where the author's own words end: a forwarded or top-posted copy, the part pipermail put in
# place of an attachment, a signature, Mailman's list footer (underscores, "LIST mailing list").
_END = re.compile(
    r"^\s*(-{2,}\s*(Original Message|Forwarded message)\s*-{2,}|-{5,} next part -{5,}|-- ?)\s*$",
    re.I,
)
_FOOTER = re.compile(r"^_{20,}\s*$")
# A separator: `From <sender> <asctime>`; pipermail writes the sender as `user at host`.
_SEPARATOR = re.compile(rb"^From (\S+(?: at \S+)?)\s+((?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b.*?)\s*$")
_AT = re.compile(r"^\s*([^\s@<>()\"]+) at ([^\s<>()\"]+)\s*(?:\((.*)\))?\s*$")
_LIST_TAG = re.compile(r"^\s*\[[^\]]{1,60}\]\s*")


def _unsurrogate(text: str) -> str:
    """Header text with raw 8-bit bytes (no RFC 2047) read as UTF-8, else Latin-1."""
    if not any("\udc80" <= ch <= "\udcff" for ch in text):
        return text
    raw = text.encode("ascii", "surrogateescape")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _words(text: str) -> str:
    """Decode RFC 2047 encoded words (`=?utf-8?q?Jos=C3=A9?=`) in a header."""
    text = _unsurrogate(text)
    try:
        return str(make_header(decode_header(text)))
    except (LookupError, ValueError, UnicodeDecodeError):
        return text


def sender_of(header: str, envelope: str | None = None) -> tuple[str, str] | None:
    """(address lower-cased, display name) from a From: header in any dialect seen in archives.

    `user at host (Name)` (pipermail), `Name <user@host>`, `"Name" <user at host>`,
    `user@host (Name)`, encoded words in the name; the separator line's sender (`envelope`)
    when the header gives no address.
    """
    header = _unsurrogate(header or "").strip()
    m = _AT.match(header)
    if m:
        address, name = f"{m.group(1)}@{m.group(2)}", _words(m.group(3) or "")
    else:
        pairs = getaddresses([re.sub(r"<\s*([^\s<>@]+) at ([^\s<>]+)\s*>", r"<\1@\2>", header)])
        name, address = pairs[0] if pairs else ("", "")
        name = _words(name)
        if "@" not in address:
            bare = _AT.match(address or "")
            address = f"{bare.group(1)}@{bare.group(2)}" if bare else ""
    if "@" not in address and envelope:
        env = _AT.match(envelope)
        address = f"{env.group(1)}@{env.group(2)}" if env else envelope
    if "@" not in address:
        return None
    address = address.strip().lower()
    name = name.strip().strip('"').strip()
    return address, (name if name and name.lower() != address else address)


class _Text(HTMLParser):
    """The text of an HTML body: tags dropped, blocks on their own lines, scripts left out."""

    BLOCKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "blockquote", "pre"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = (re.sub(r"[ \t\xa0]+", " ", ln).strip() for ln in "".join(parser.parts).splitlines())
    return "\n".join(ln for ln in lines if ln)


def _decoded(part: Message) -> str:
    """A text part's content: transfer encoding undone, then its charset (else UTF-8, else
    Windows-1252, else Latin-1, which never fails)."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    declared = part.get_content_charset()
    for charset in (declared, "utf-8", "cp1252", "latin-1"):
        if not charset:
            continue
        try:
            return payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return payload.decode("latin-1")


def body_text(msg: EmailMessage) -> str:
    """The message's own words: the plain part, else the HTML part made text; quotes dropped."""
    if msg.is_multipart():
        part = msg.get_body(preferencelist=("plain", "html"))
    else:
        part = msg if msg.get_content_maintype() == "text" else None
    if part is None:
        return ""
    content = _decoded(part)
    if part.get_content_subtype() == "html":
        content = html_text(content)
    lines = content.replace("\r\n", "\n").split("\n")
    kept: list[str] = []
    for i, ln in enumerate(lines):
        if _END.match(ln):
            break
        following = next((x for x in lines[i + 1 :] if x.strip()), "")
        if _FOOTER.match(ln) and following.rstrip().endswith("mailing list"):
            break
        if not ln.lstrip().startswith(">") and not _WROTE.match(ln):
            kept.append(ln)
    return "\n".join(kept).strip()


@dataclass
class _Msg:
    """What the first pass keeps of a message: where it is and its headers, not its body."""

    n: int
    line: int
    start: int  # byte offset of the first header line
    end: int
    id: str
    sender: str
    name: str
    at: datetime | None
    subject: str
    in_reply_to: list[str]
    references: list[str]


def _date(header: str | None, envelope: str | None) -> datetime | None:
    for text in (header, envelope):
        if not text:
            continue
        try:
            at = parsedate_to_datetime(_unsurrogate(text).strip())
        except (TypeError, ValueError, IndexError):
            continue
        return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(UTC)
    return None


class _Archive:
    """An mbox file (gzip allowed) read in two passes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.name
        self._tmp: Path | None = None
        self._fh: IO[bytes] | None = None

    def __enter__(self) -> _Archive:
        try:
            with self.path.open("rb") as probe:
                gz = probe.read(2) == b"\x1f\x8b"
            if gz:
                fd, tmp = tempfile.mkstemp(prefix="polemica-mbox-")
                self._tmp = Path(tmp)
                with gzip.open(self.path, "rb") as src, os.fdopen(fd, "wb") as dst:
                    shutil.copyfileobj(src, dst)
            self._fh = (self._tmp or self.path).open("rb")
        except (OSError, EOFError) as exc:
            self.__exit__()
            raise ImportError_(self.name, f"cannot be read ({exc})") from None
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fh is not None:
            self._fh.close()
        if self._tmp is not None:
            self._tmp.unlink(missing_ok=True)

    def _lines(self) -> Iterator[tuple[int, int, bytes]]:
        assert self._fh is not None
        self._fh.seek(0)
        offset = 0
        for number, raw in enumerate(self._fh, start=1):
            yield number, offset, raw
            offset += len(raw)

    def index(self) -> list[_Msg]:
        """Each message's place and headers; a separator is a `From ` line with a date."""
        starts: list[tuple[int, int, int, bytes]] = []  # (line, separator at, headers at, it)
        size = 0
        for number, offset, raw in self._lines():
            size = offset + len(raw)
            line = raw.rstrip(b"\r\n")
            if not starts:
                if not line.strip():
                    continue
                if not line.startswith(b"From "):
                    raise ImportError_(
                        self.name, "is not an mbox file (it must start with a 'From ' line)", number
                    )
                starts.append((number, offset, size, line))
            elif _SEPARATOR.match(line):
                starts.append((number, offset, size, line))
        ends = [s[1] for s in starts[1:]] + [size]
        return [
            self._headers(i + 1, number, begin, end, sep)
            for i, ((number, _, begin, sep), end) in enumerate(zip(starts, ends, strict=True))
        ]

    def read(self, m: _Msg) -> EmailMessage:
        """The whole message again, `>From ` lines unquoted (mboxrd and mboxo)."""
        assert self._fh is not None
        self._fh.seek(m.start)
        raw = self._fh.read(m.end - m.start)
        raw = re.sub(rb"(?m)^>(>*From )", rb"\1", raw)
        msg = message_from_bytes(raw, policy=policy.default)
        assert isinstance(msg, EmailMessage)
        return msg

    def _headers(self, n: int, line: int, start: int, end: int, sep: bytes) -> _Msg:
        assert self._fh is not None
        self._fh.seek(start)
        head = bytearray()
        while self._fh.tell() < end:
            raw = self._fh.readline()
            if not raw.strip():
                break
            head += raw
        h = BytesHeaderParser(policy=policy.compat32).parsebytes(bytes(head))
        m = _SEPARATOR.match(sep)
        env_sender = m.group(1).decode("latin-1") if m else None
        env_date = m.group(2).decode("latin-1") if m else None
        who = sender_of(str(h.get("From", "")), env_sender)
        if who is None:
            raise ImportError_(self.name, f"message {n} has no sender address (From:)", line)
        mid = _ID.search(str(h.get("Message-ID", "")))
        subject = _LIST_TAG.sub("", _words(str(h.get("Subject", ""))).strip(), count=1)
        return _Msg(
            n,
            line,
            start,
            end,
            mid.group(0)[1:-1] if mid else f"message-{n}",
            who[0],
            who[1],
            _date(h.get("Date"), env_date),
            " ".join(subject.split()) or "(no subject)",
            [p[1:-1] for p in _ID.findall(str(h.get("In-Reply-To", "")))],
            [r[1:-1] for r in _ID.findall(str(h.get("References", "")))],
        )


def _fill_dates(msgs: list[_Msg]) -> None:
    """A message without a readable date keeps its place in the file: it takes the date of the
    message before it (the first ones, of the first dated message)."""
    known = next((m.at for m in msgs if m.at is not None), BASE)
    for m in msgs:
        if m.at is None:
            m.at = known
        known = m.at


def iter_mbox_events(path: str | os.PathLike[str], *, org: str = "mailing-list") -> Iterator[Event]:
    """The events of an mbox archive, streamed in date order."""
    p = Path(path)
    stem = p.name.split(".")[0] or p.stem
    with _Archive(p) as archive:
        msgs = archive.index()
        _fill_dates(msgs)
        seen: set[str] = set()
        for m in msgs:
            if m.id in seen:
                m.id = f"{m.id}#{m.n}"
            seen.add(m.id)
        ordered = sorted(msgs, key=lambda m: (m.at, m.line))
        start = ordered[0].at if ordered and ordered[0].at else BASE
        seq = Sequence(org)
        yield seq.make("org.founded", org, {"name": stem}, start)
        yield seq.make(
            "body.created", BODY, {"name": stem, "parent": None, "level": "committee"}, start
        )
        posted: dict[str, str] = {}  # message id → thread (question) id
        members: set[str] = set()
        for m in ordered:
            assert m.at is not None
            yield from _message(seq, m, body_text(archive.read(m)), posted, members)


def _message(
    seq: Sequence, m: _Msg, text: str, posted: dict[str, str], members: set[str]
) -> Iterator[Event]:
    assert m.at is not None
    if m.sender not in members:
        members.add(m.sender)
        yield seq.make("member.joined", m.sender, {"name": m.name}, m.at, body=BODY)
    parent = next((x for x in m.in_reply_to if x in posted), None)
    if parent is None:
        parent = next((x for x in reversed(m.references) if x in posted), None)
    if parent is None:
        thread = m.id
        yield seq.make(
            "question.opened",
            thread,
            {"title": m.subject, "text": text or m.subject, "visibility": "open"},
            m.at,
            actor=m.sender,
            body=BODY,
        )
    else:
        thread = posted[parent]
    data: dict[str, Any] = {"question": thread, "type": "remark", "text": text or m.subject}
    if parent is not None:
        data["target"] = parent
    yield seq.make("contribution.posted", m.id, data, m.at, actor=m.sender, body=BODY)
    posted[m.id] = thread


def import_mbox(
    path: str | os.PathLike[str], out: str | os.PathLike[str], *, org: str = "mailing-list"
) -> int:
    """Import an mbox file into the events file `out`; return the event count."""
    return write_stream(out, iter_mbox_events(path, org=org))
