"""Validation of one event: envelope types, known kinds' fields, normalized times.

Validators raise `EventFormatError` naming the field and the reason; readers add the line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from polemica.events.canonical import normalize_time
from polemica.events.errors import EventFormatError
from polemica.events.kinds import FORMAT_VERSION, KINDS, STANCES, FieldSpec
from polemica.events.model import ENVELOPE_FIELDS, Event
from polemica.events.text import first_bad_text, is_clean

_KIND_NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _fail(field: str, reason: str) -> EventFormatError:
    return EventFormatError(reason, field=field)


def _str(obj: Mapping[str, Any], name: str, *, nullable: bool = False, path: str = "") -> Any:
    where = path + name
    if name not in obj:
        raise _fail(where, "is missing")
    value = obj[name]
    if value is None and nullable:
        return None
    if not isinstance(value, str):
        expected = "a string or null" if nullable else "a string"
        raise _fail(where, f"must be {expected}, not {_json_type(value)}")
    if value == "":
        raise _fail(where, "must not be empty")
    return value


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def parse_event(obj: Any) -> Event:
    """Check a decoded JSON object against the envelope and its kind; return the Event."""
    if not isinstance(obj, dict):
        raise EventFormatError(f"an event must be a JSON object, not {_json_type(obj)}")
    _check_text(obj)
    v = obj.get("v")
    if v != FORMAT_VERSION or isinstance(v, bool):
        raise _fail("v", f"must be {FORMAT_VERSION} (the format version), not {v!r}")
    seq = obj.get("seq")
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        raise _fail("seq", f"must be a positive integer, not {seq!r}")
    ident = _str(obj, "id")
    try:
        at = normalize_time(_str(obj, "at"))
    except ValueError as exc:
        raise _fail("at", str(exc)) from None
    org = _str(obj, "org")
    body = _str(obj, "body", nullable=True)
    actor = _str(obj, "actor", nullable=True)
    kind = _str(obj, "kind")
    if not _KIND_NAME.match(kind):
        raise _fail("kind", f"{kind!r} is not a kind name such as contribution.posted")
    subject = _str(obj, "subject")
    data = obj.get("data")
    if not isinstance(data, dict):
        raise _fail("data", f"must be an object, not {_json_type(data)}")
    if kind in KINDS:
        data = _check_data(kind, data)
    extra = {k: val for k, val in obj.items() if k not in ENVELOPE_FIELDS}
    return Event(seq, ident, at, org, body, actor, kind, subject, data, v, extra)


def _check_text(obj: dict[str, Any]) -> None:
    """No string of the event holds a NUL or a lone surrogate (events.text)."""
    try:
        if is_clean(obj):
            return
    except RecursionError:
        pass
    bad = first_bad_text(obj)
    if bad is not None:
        raise _fail(bad[0] or "event", bad[1])


def _check_data(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    for spec in KINDS[kind].fields:
        if spec.name not in data:
            if spec.required:
                raise _fail(f"data.{spec.name}", f"is missing (required for {kind})")
            continue
        out[spec.name] = _check_field(spec, data[spec.name])
    if kind == "question.opened" and data.get("visibility") == "closed" and not data.get("reason"):
        raise _fail("data.reason", "is required when a question is closed")
    if kind == "vote.sealed" and not _SHA256.match(out["seal"]):
        raise _fail("data.seal", "must be 64 lowercase hexadecimal digits (a SHA-256)")
    if kind == "decision.taken" and "ballots" in out:
        _check_published(out["ballots"])
    return out


def _check_published(value: Any) -> None:
    """A secret vote's published ballots: `{tracking, ballot}` objects in tracking order."""
    if not isinstance(value, list):
        raise _fail("data.ballots", "must be a list of {tracking, ballot} objects")
    last = ""
    for i, item in enumerate(value):
        where = f"data.ballots[{i}]"
        if not isinstance(item, dict) or set(item) != {"tracking", "ballot"}:
            raise _fail(where, "must be an object with exactly tracking and ballot")
        tracking = _str(item, "tracking", path=f"{where}.")
        if tracking <= last:
            raise _fail(f"{where}.tracking", "must come after the one before (sorted, unique)")
        last = tracking
        _check_ballot(f"{where}.ballot", item["ballot"])


def _check_field(spec: FieldSpec, value: Any) -> Any:
    where = f"data.{spec.name}"
    t = spec.type
    if t in ("text", "name", "id"):
        if not isinstance(value, str):
            raise _fail(where, f"must be a string, not {_json_type(value)}")
        if t != "text" and value == "":
            raise _fail(where, "must not be empty")
        if spec.choices and value not in spec.choices:
            raise _fail(where, f"{value!r} is not one of {', '.join(spec.choices)}")
    elif t == "id_or_null":
        if value is not None and (not isinstance(value, str) or value == ""):
            raise _fail(where, "must be an id string or null")
    elif t == "ids":
        if not isinstance(value, list) or not all(isinstance(x, str) and x for x in value):
            raise _fail(where, "must be a list of id strings")
    elif t == "bool":
        if not isinstance(value, bool):
            raise _fail(where, f"must be true or false, not {_json_type(value)}")
    elif t == "object":
        if not isinstance(value, dict):
            raise _fail(where, f"must be an object, not {_json_type(value)}")
    elif t == "time":
        if not isinstance(value, str):
            raise _fail(where, "must be an RFC 3339 time string")
        try:
            return normalize_time(value)
        except ValueError as exc:
            raise _fail(where, str(exc)) from None
    elif t == "sources":
        _check_sources(where, value)
    elif t == "ballot":
        _check_ballot(where, value)
    return value


def _check_sources(where: str, value: Any) -> None:
    if not isinstance(value, list):
        raise _fail(where, "must be a list of sources")
    for i, src in enumerate(value):
        if not isinstance(src, dict) or not isinstance(src.get("title"), str):
            raise _fail(f"{where}[{i}]", "must be an object with a string title")
        for key in ("uri", "sha256"):
            if key in src and not isinstance(src[key], str):
                raise _fail(f"{where}[{i}].{key}", "must be a string")
        if "sha256" in src and not _SHA256.match(src["sha256"]):
            raise _fail(f"{where}[{i}].sha256", "must be 64 lowercase hexadecimal digits")


def _check_ballot(where: str, value: Any) -> None:
    if not isinstance(value, dict):
        raise _fail(where, "must be an object")
    if "choice" in value:
        if not isinstance(value["choice"], str) or not value["choice"]:
            raise _fail(f"{where}.choice", "must be an option id")
    elif "ranking" in value:
        ranking = value["ranking"]
        if not isinstance(ranking, list) or not all(
            isinstance(group, list) and group and all(isinstance(x, str) and x for x in group)
            for group in ranking
        ):
            raise _fail(f"{where}.ranking", "must be a list of non-empty lists of option ids")
        flat = [x for group in ranking for x in group]
        if len(flat) != len(set(flat)):
            raise _fail(f"{where}.ranking", "ranks an option more than once")
    elif "approve" in value:
        approve = value["approve"]
        if not isinstance(approve, list) or not all(isinstance(x, str) and x for x in approve):
            raise _fail(f"{where}.approve", "must be a list of option ids")
    elif "stances" in value:
        _check_stances(f"{where}.stances", value["stances"])
    elif "stance" in value:
        if value["stance"] not in STANCES:
            raise _fail(f"{where}.stance", f"must be one of {', '.join(STANCES)}")
        if not isinstance(value.get("statement"), str) or not value["statement"]:
            raise _fail(f"{where}.statement", "must be a statement id")
    else:
        raise _fail(where, "must hold one of choice, ranking, approve, stance or stances")


def _check_stances(where: str, stances: Any) -> None:
    """A stance on each statement: agree, disagree, pass, or a block with its reason."""
    if not isinstance(stances, dict) or not stances:
        raise _fail(where, "must map statement ids to stances")
    for statement, stance in stances.items():
        if not statement:
            raise _fail(where, "must map statement ids to stances")
        if isinstance(stance, dict):
            reason = stance.get("block")
            if set(stance) != {"block"} or not isinstance(reason, str) or not reason.strip():
                raise _fail(f"{where}.{statement}", "must be a stance or a block with its reason")
        elif stance not in STANCES:
            raise _fail(f"{where}.{statement}", f"must be one of {', '.join(STANCES)} or a block")
