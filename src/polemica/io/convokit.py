"""Import a ConvoKit corpus as events (without importing ConvoKit).

Dialects read (docs/importers.md names them):

- ConvoKit ≥ 2.3 directory (`Corpus.dump`): `utterances.jsonl`, one utterance per line with
  `id`, `speaker`, `conversation_id`, `reply-to` (what `Corpus.dump` writes; corpora converted
  by hand, such as the Reddit ones, write `reply_to`, which ConvoKit prefers when both are
  there), `timestamp`, `text`, `meta`, `vectors`; `speakers.json`, `conversations.json` (each
  id → `{"meta": …, "vectors": …}`, or the metadata itself), `corpus.json`, `index.json`;
- ConvoKit 2.0–2.2 directory: `utterances.json` (one JSON list), `user` for the speaker,
  `root` for the conversation, `users.json` for the speakers;
- ConvoKit 1.x ("socialkit") single file: a JSON list of utterances with `user`, `root`,
  `reply-to` and the speaker's metadata inline in `user-info`.

An utterance without a conversation id belongs to the conversation of the utterance its reply
chain starts from, as ConvoKit fills it. Metadata that ConvoKit stored as pickles (`*-bin.p`,
marked `<##bin{N}&&@**>`) is left out: we never unpickle a file. `utterances.jsonl` is read in
two passes (the ids, links and times first, then each utterance again in time order), so memory
holds the links of the corpus, not its text.

The mapping: one organization (`--org`) with one body, `corpus`; each speaker a member (its
metadata in `data.meta`; a `role`, or `is-admin`/`admin` true → leader, becomes a
`role.assigned`); each conversation a question; each utterance a `remark` contribution
targeting the utterance it replies to, with its metadata in `data.meta`. Times are the
utterances' timestamps (Unix seconds or RFC 3339); without them, one minute apart in file order.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from polemica.events import ROLES, Event, normalize_time, parse_time
from polemica.io._sequence import ImportError_, Sequence, write_stream

BASE = datetime(2000, 1, 1, tzinfo=UTC)
BODY = "corpus"
_DEFINED = frozenset(
    {"id", "speaker", "user", "conversation_id", "root", "reply_to", "reply-to", "timestamp"}
    | {"text", "meta", "vectors", "user-info"}
)
_BIN = re.compile(r"^<##bin\{.*\}&&@\*\*>$")


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ImportError_(path.name, f"is not valid JSON ({exc.msg})", exc.lineno) from None
    except UnicodeDecodeError:
        raise ImportError_(path.name, "is not UTF-8") from None


def _time(value: Any, fallback: datetime, where: str, line: int) -> datetime:
    if value is None:
        return fallback
    if isinstance(value, bool):
        raise ImportError_(where, f"timestamp {value!r} is not a time", line)
    if isinstance(value, int | float):
        try:
            return datetime.fromtimestamp(float(value), tz=UTC)
        except (OverflowError, OSError, ValueError):
            raise ImportError_(where, f"timestamp {value!r} is out of range", line) from None
    if isinstance(value, str):
        try:
            return parse_time(normalize_time(value))
        except ValueError:
            try:
                return datetime.fromtimestamp(float(value), tz=UTC)
            except (OverflowError, OSError, ValueError):
                raise ImportError_(where, f"timestamp {value!r} is not a time", line) from None
    raise ImportError_(where, f"timestamp {value!r} is not a time", line)


def _id(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, str | int) or value == "":
        return None
    return str(value)


@dataclass
class _Utt:
    """What the first pass keeps of an utterance: where it is, its links and its time."""

    line: int
    ref: int  # byte offset of the line (utterances.jsonl) or index in the list
    id: str
    speaker: str
    conv: str | None
    reply: str | None
    at: datetime


def _first_pass(obj: Any, name: str, line: int, ref: int, n: int) -> _Utt:
    """Check one utterance and keep its links (the rules of ConvoKit's own loader)."""
    if not isinstance(obj, dict):
        raise ImportError_(name, "an utterance must be a JSON object", line)
    uid = _id(obj.get("id"))
    speaker = _id(obj["speaker"] if "speaker" in obj else obj.get("user"))
    conv_raw = obj["conversation_id"] if "conversation_id" in obj else obj.get("root")
    reply_raw = obj["reply_to"] if "reply_to" in obj else obj.get("reply-to")
    for field, value in (("id", uid), ("speaker", speaker)):
        if value is None:
            raise ImportError_(name, f"field {field} is missing or not an id", line)
    for field, raw in (("conversation_id", conv_raw), ("reply-to", reply_raw)):
        if raw is not None and _id(raw) is None:
            raise ImportError_(name, f"field {field} is not an id", line)
    text = obj.get("text")
    if text is not None and not isinstance(text, str):
        raise ImportError_(name, "field text must be a string", line)
    at = _time(obj.get("timestamp"), BASE + timedelta(minutes=n), name, line)
    assert uid is not None and speaker is not None
    return _Utt(line, ref, uid, speaker, _id(conv_raw), _id(reply_raw), at)


class _Source:
    """The utterances of a corpus: indexed in a first pass, read again one by one."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.name
        self.utts: list[_Utt] = []
        self.inline_speakers: dict[str, dict[str, Any]] = {}  # 1.x `user-info`
        self._list: list[Any] | None = None
        self._fh: IO[bytes] | None = None

    def index(self) -> None:
        seen: set[str] = set()
        for obj, line, ref in self._records():
            utt = _first_pass(obj, self.name, line, ref, len(self.utts))
            if utt.id in seen:
                raise ImportError_(self.name, f"utterance id {utt.id!r} appears twice", line)
            seen.add(utt.id)
            info = obj.get("user-info")
            if isinstance(info, dict):
                self.inline_speakers.setdefault(utt.speaker, info)
            self.utts.append(utt)

    def _records(self) -> Iterator[tuple[Any, int, int]]:
        if self.path.suffix == ".json":
            data = _read_json(self.path)
            if not isinstance(data, list):
                raise ImportError_(self.name, "must hold a JSON list of utterances")
            self._list = data
            for i, obj in enumerate(data):
                yield obj, i + 1, i
            return
        try:
            fh = self.path.open("rb")
        except OSError as exc:
            raise ImportError_(self.name, f"cannot be read ({exc.strerror})") from None
        with fh:
            offset = 0
            for lineno, raw in enumerate(fh, start=1):
                start, offset = offset, offset + len(raw)
                if raw.strip():
                    yield self._decode(raw, lineno), lineno, start

    def _decode(self, raw: bytes, lineno: int) -> Any:
        try:
            return json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise ImportError_(self.name, "is not UTF-8", lineno) from None
        except json.JSONDecodeError as exc:
            raise ImportError_(self.name, f"is not valid JSON ({exc.msg})", lineno) from None

    def read(self, utt: _Utt) -> dict[str, Any]:
        """The whole utterance again (its text and metadata), by its place in the source."""
        if self._list is not None:
            obj = self._list[utt.ref]
        else:
            if self._fh is None:
                self._fh = self.path.open("rb")
            self._fh.seek(utt.ref)
            obj = self._decode(self._fh.readline(), utt.line)
        assert isinstance(obj, dict)
        return obj

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


def _fill_conversations(utts: list[_Utt], name: str) -> None:
    """An utterance without a conversation joins the one its reply chain starts from."""
    by_id = {u.id: u for u in utts}
    for u in utts:
        chain: list[_Utt] = []
        on_chain: set[str] = set()
        cur: _Utt | None = u
        while cur is not None and cur.conv is None:
            if cur.id in on_chain:
                raise ImportError_(name, f"utterance {u.id!r} replies in a circle", u.line)
            chain.append(cur)
            on_chain.add(cur.id)
            cur = by_id.get(cur.reply) if cur.reply is not None else None
            if cur is None and chain[-1].reply is not None:
                raise ImportError_(
                    name,
                    f"utterance {u.id!r} has no conversation_id and replies to "
                    f"{chain[-1].reply!r}, which is not in the corpus",
                    u.line,
                )
        conv = cur.conv if cur is not None else chain[-1].id
        for c in chain:
            c.conv = conv


def _meta(value: Any) -> dict[str, Any]:
    """A component's metadata: `{"meta": …}` or the metadata itself; pickled fields left out."""
    if not isinstance(value, dict):
        return {}
    meta = value["meta"] if isinstance(value.get("meta"), dict) else value
    return {k: v for k, v in meta.items() if not (isinstance(v, str) and _BIN.match(v))}


def _utterance_meta(obj: dict[str, Any]) -> dict[str, Any]:
    if isinstance(obj.get("meta"), dict):
        return _meta({"meta": obj["meta"]})
    return {k: v for k, v in obj.items() if k not in _DEFINED}  # 1.x: extra keys are metadata


def _role(meta: dict[str, Any]) -> str | None:
    role = meta.get("role")
    if isinstance(role, str) and role.lower() in ROLES:
        return role.lower()
    if meta.get("is-admin") is True or meta.get("admin") is True:
        return "leader"
    return None


def _jsonable(meta: Any) -> dict[str, Any]:
    """Metadata as plain JSON (non-finite numbers become strings, as the event format has none)."""
    text = json.dumps(meta, default=str)
    return json.loads(text.replace("NaN", '"NaN"').replace("Infinity", '"Infinity"'))  # type: ignore[no-any-return]


def _component(d: Path, *names: str) -> dict[str, Any]:
    for name in names:
        path = d / name
        if path.exists():
            obj = _read_json(path)
            if not isinstance(obj, dict):
                raise ImportError_(name, "must hold a JSON object")
            return obj
    return {}


def _source(path: Path) -> tuple[Path, Path]:
    """(directory of the corpus, its utterances file)."""
    if path.is_file():
        return path.parent, path
    for name in ("utterances.jsonl", "utterances.json"):
        if (path / name).exists():
            return path, path / name
    raise ImportError_(str(path), "is not a ConvoKit corpus (no utterances.jsonl)")


def iter_convokit_events(path: str | os.PathLike[str], *, org: str = "convokit") -> Iterator[Event]:
    """The events of a ConvoKit corpus (a directory, or a 1.x single-file corpus), streamed."""
    d, utt_path = _source(Path(path))
    single = utt_path.parent == d and utt_path.name not in ("utterances.jsonl", "utterances.json")
    speakers = {} if single else _component(d, "speakers.json", "users.json")
    convs = {} if single else _component(d, "conversations.json")
    corpus = {} if single else _component(d, "corpus.json")
    if not single and (d / "index.json").exists():
        _read_json(d / "index.json")
    src = _Source(utt_path)
    try:
        src.index()
        _fill_conversations(src.utts, src.name)
        utts = sorted(src.utts, key=lambda u: (u.at, u.line))
        ids = {u.id for u in utts}
        yield from _emit(src, utts, ids, speakers, convs, corpus, org, d, utt_path)
    finally:
        src.close()


def _emit(
    src: _Source,
    utts: list[_Utt],
    ids: set[str],
    speakers: dict[str, Any],
    convs: dict[str, Any],
    corpus: dict[str, Any],
    org: str,
    d: Path,
    utt_path: Path,
) -> Iterator[Event]:
    start = utts[0].at if utts else BASE
    seq = Sequence(org)
    default = d.name if utt_path.name.startswith("utterances.") else utt_path.stem
    name = str(corpus["name"]) if isinstance(corpus.get("name"), str) else default
    yield seq.make("org.founded", org, {"name": name or org}, start)
    yield seq.make(
        "body.created", BODY, {"name": name or BODY, "parent": None, "level": "committee"}, start
    )
    order = dict.fromkeys([*map(str, speakers), *(u.speaker for u in src.utts)])
    for sp in order:
        meta = _meta(speakers[sp]) if sp in speakers else _meta(src.inline_speakers.get(sp))
        yield seq.make("member.joined", sp, {"name": sp, "meta": _jsonable(meta)}, start, body=BODY)
        role = _role(meta)
        if role:
            yield seq.make("role.assigned", sp, {"member": sp, "role": role}, start, body=BODY)
    opened: set[str] = set()
    for u in utts:
        obj = src.read(u)
        text = obj.get("text") or ""
        assert u.conv is not None
        if u.conv not in opened:
            opened.add(u.conv)
            cmeta = _meta(convs.get(u.conv))
            title = cmeta.get("title") or cmeta.get("name") or (text[:80] or u.conv)
            yield seq.make(
                "question.opened",
                u.conv,
                {
                    "title": str(title),
                    "text": text or str(title),
                    "visibility": "open",
                    "meta": _jsonable(cmeta),
                },
                u.at,
                actor=u.speaker,
                body=BODY,
            )
        data: dict[str, Any] = {"question": u.conv, "type": "remark", "text": text or " "}
        if u.reply is not None and u.reply in ids:
            data["target"] = u.reply
        meta = _utterance_meta(obj)
        if meta:
            data["meta"] = _jsonable(meta)
        yield seq.make("contribution.posted", u.id, data, u.at, actor=u.speaker, body=BODY)


def import_convokit(
    directory: str | os.PathLike[str], out: str | os.PathLike[str], *, org: str = "convokit"
) -> int:
    """Import a ConvoKit corpus into the events file `out`; return the event count."""
    return write_stream(out, iter_convokit_events(directory, org=org))
