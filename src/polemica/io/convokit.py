"""Import a ConvoKit corpus directory as events (without importing ConvoKit).

Files read: `utterances.jsonl` (required: one utterance per line with `id`, `speaker` (or the
older `user`), `conversation_id` (or `root`), `reply_to`, `timestamp`, `text`, `meta`),
`speakers.json` (or `users.json`), `conversations.json`, `corpus.json` (all optional;
`index.json` is only checked to be JSON). The mapping (docs/importers.md):

- one organization (`--org`) with one body, `corpus`, named after the corpus;
- each speaker a member; its metadata is kept in `member.joined` data `meta`; a `role` (or
  `is-admin`/`admin` true → leader) in the metadata becomes a `role.assigned`, and numeric power
  figures stay in `meta` for the reader;
- each conversation a question; each utterance a `remark` contribution targeting the utterance
  it replies to, with its metadata in `meta`. Times are the utterances' timestamps (Unix seconds
  or RFC 3339); without them, utterances are one minute apart in file order.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from polemica.events import ROLES, normalize_time, parse_time
from polemica.io._sequence import ImportError_, Sequence

BASE = datetime(2000, 1, 1, tzinfo=UTC)
BODY = "corpus"


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
            except ValueError:
                raise ImportError_(where, f"timestamp {value!r} is not a time", line) from None
    raise ImportError_(where, f"timestamp {value!r} is not a time", line)


def _utterances(path: Path) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise ImportError_(path.name, f"cannot be read ({exc.strerror})") from None
    with handle:
        try:
            for lineno, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ImportError_(
                        path.name, f"is not valid JSON ({exc.msg})", lineno
                    ) from None
                if not isinstance(obj, dict):
                    raise ImportError_(path.name, "an utterance must be a JSON object", lineno)
                uid = obj.get("id")
                speaker = obj.get("speaker", obj.get("user"))
                conv = obj.get("conversation_id", obj.get("root"))
                text = obj.get("text")
                for name, value in (("id", uid), ("speaker", speaker), ("conversation_id", conv)):
                    if not isinstance(value, str | int) or isinstance(value, bool) or value == "":
                        raise ImportError_(
                            path.name, f"field {name} is missing or not an id", lineno
                        )
                if text is not None and not isinstance(text, str):
                    raise ImportError_(path.name, "field text must be a string", lineno)
                if str(uid) in seen:
                    raise ImportError_(path.name, f"utterance id {uid!r} appears twice", lineno)
                seen.add(str(uid))
                reply = obj.get("reply_to")
                meta = obj.get("meta") if isinstance(obj.get("meta"), dict) else {}
                out.append(
                    {
                        "line": lineno,
                        "id": str(uid),
                        "speaker": str(speaker),
                        "conv": str(conv),
                        "reply_to": None if reply is None else str(reply),
                        "timestamp": obj.get("timestamp"),
                        "text": text or "",
                        "meta": meta,
                    }
                )
        except UnicodeDecodeError:
            raise ImportError_(path.name, "is not UTF-8") from None
    return out


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


def read_convokit(directory: str | os.PathLike[str], *, org: str = "convokit") -> Sequence:
    """The events of a ConvoKit corpus directory, validated, in memory."""
    d = Path(directory)
    utt_path = d / "utterances.jsonl"
    if not utt_path.exists():
        raise ImportError_(str(d), "is not a ConvoKit corpus (no utterances.jsonl)")
    speakers_path = d / "speakers.json" if (d / "speakers.json").exists() else d / "users.json"
    speakers: dict[str, Any] = _read_json(speakers_path) if speakers_path.exists() else {}
    convs: dict[str, Any] = (
        _read_json(d / "conversations.json") if (d / "conversations.json").exists() else {}
    )
    corpus: dict[str, Any] = _read_json(d / "corpus.json") if (d / "corpus.json").exists() else {}
    if (d / "index.json").exists():
        _read_json(d / "index.json")
    for name, obj in (
        ("speakers.json", speakers),
        ("conversations.json", convs),
        ("corpus.json", corpus),
    ):
        if not isinstance(obj, dict):
            raise ImportError_(name, "must hold a JSON object")
    utts = _utterances(utt_path)
    ids = {u["id"] for u in utts}
    for i, u in enumerate(utts):
        u["at"] = _time(u["timestamp"], BASE + timedelta(minutes=i), utt_path.name, u["line"])
    utts.sort(key=lambda u: (u["at"], u["line"]))
    start = utts[0]["at"] if utts else BASE
    seq = Sequence(org)
    name = str(corpus["name"]) if isinstance(corpus.get("name"), str) else d.name
    seq.add("org.founded", org, {"name": name or org}, start)
    seq.add(
        "body.created", BODY, {"name": name or BODY, "parent": None, "level": "committee"}, start
    )
    order = list(dict.fromkeys([*map(str, speakers), *(u["speaker"] for u in utts)]))
    for sp in order:
        meta = speakers.get(sp, {})
        meta = meta.get("meta", meta) if isinstance(meta, dict) else {}
        seq.add("member.joined", sp, {"name": sp, "meta": _jsonable(meta)}, start, body=BODY)
        role = _role(meta)
        if role:
            seq.add("role.assigned", sp, {"member": sp, "role": role}, start, body=BODY)
    opened: set[str] = set()
    for u in utts:
        if u["conv"] not in opened:
            opened.add(u["conv"])
            cmeta = convs.get(u["conv"], {})
            cmeta = cmeta.get("meta", cmeta) if isinstance(cmeta, dict) else {}
            title = cmeta.get("title") or cmeta.get("name") or (u["text"][:80] or u["conv"])
            seq.add(
                "question.opened",
                u["conv"],
                {
                    "title": str(title),
                    "text": u["text"] or str(title),
                    "visibility": "open",
                    "meta": _jsonable(cmeta),
                },
                u["at"],
                actor=u["speaker"],
                body=BODY,
            )
        data: dict[str, Any] = {"question": u["conv"], "type": "remark", "text": u["text"] or " "}
        if u["reply_to"] is not None and u["reply_to"] in ids:
            data["target"] = u["reply_to"]
        if u["meta"]:
            data["meta"] = _jsonable(u["meta"])
        seq.add("contribution.posted", u["id"], data, u["at"], actor=u["speaker"], body=BODY)
    return seq


def import_convokit(
    directory: str | os.PathLike[str], out: str | os.PathLike[str], *, org: str = "convokit"
) -> int:
    """Import a ConvoKit corpus directory into the events file `out`; return the event count."""
    return read_convokit(directory, org=org).write(out)
