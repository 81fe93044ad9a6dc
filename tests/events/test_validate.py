from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from polemica.events import KINDS, EventFormatError, parse_event
from polemica.events.world import small_world


def base(kind: str = "contribution.posted", **data: Any) -> dict[str, Any]:
    return {
        "v": 1,
        "seq": 1,
        "id": "e1",
        "at": "2026-01-05T09:00:00Z",
        "org": "o",
        "body": "b",
        "actor": "m",
        "kind": kind,
        "subject": "c1",
        "data": data or {"question": "q", "type": "objection", "text": "No.", "target": "c0"},
    }


def test_the_small_world_uses_every_kind() -> None:
    assert {e.kind for e in small_world()} == set(KINDS)


def test_a_valid_event_parses_and_round_trips() -> None:
    raw = base()
    event = parse_event(copy.deepcopy(raw))
    assert event.to_dict() == raw


def test_unknown_kinds_and_fields_pass_through_unchanged() -> None:
    raw = base("poll.created", anything={"nested": [1, 2]})
    raw["future_envelope_field"] = "kept"
    raw2 = base()
    raw2["data"]["mood"] = "hopeful"
    assert parse_event(copy.deepcopy(raw)).to_dict() == raw
    assert parse_event(copy.deepcopy(raw2)).to_dict() == raw2


def test_time_is_normalized_on_read() -> None:
    raw = base()
    raw["at"] = "2026-01-05T10:00:00+01:00"
    assert parse_event(raw).at == "2026-01-05T09:00:00Z"


@pytest.mark.parametrize(
    ("mutate", "field", "reason"),
    [
        (lambda d: d.pop("id"), "id", "missing"),
        (lambda d: d.update(v=2), "v", "format version"),
        (lambda d: d.update(seq=0), "seq", "positive integer"),
        (lambda d: d.update(seq="1"), "seq", "positive integer"),
        (lambda d: d.update(at="2026-13-01T00:00:00Z"), "at", "real date"),
        (lambda d: d.update(actor=7), "actor", "string or null"),
        (lambda d: d.update(kind="Posted"), "kind", "kind name"),
        (lambda d: d.update(data=[]), "data", "object"),
        (lambda d: d["data"].update(type="rant"), "data.type", "'rant' is not one of"),
        (lambda d: d["data"].pop("question"), "data.question", "missing"),
        (lambda d: d["data"].update(cites="f1"), "data.cites", "list of id"),
        (lambda d: d["data"].update(text=None), "data.text", "string"),
    ],
)
def test_malformed_events_name_the_field_and_reason(mutate: Any, field: str, reason: str) -> None:
    raw = base()
    mutate(raw)
    with pytest.raises(EventFormatError) as info:
        parse_event(raw)
    assert info.value.field == field
    assert reason in info.value.reason


def test_a_closed_question_needs_a_reason() -> None:
    raw = base("question.opened", title="T", text="x", visibility="closed")
    with pytest.raises(EventFormatError, match="data.reason"):
        parse_event(raw)
    raw["data"]["reason"] = "Personnel matter."
    assert parse_event(raw).data["visibility"] == "closed"


@pytest.mark.parametrize(
    ("ballot", "ok"),
    [
        ({"choice": "c1"}, True),
        ({"ranking": [["a", "b"], ["c"]]}, True),
        ({"approve": []}, True),
        ({"stance": "agree", "statement": "s1"}, True),
        ({"ranking": [["a"], ["a"]]}, False),
        ({"ranking": [[]]}, False),
        ({"stance": "maybe", "statement": "s1"}, False),
        ({"vote": "yes"}, False),
        ("yes", False),
    ],
)
def test_ballot_shapes(ballot: Any, ok: bool) -> None:
    raw = base("vote.cast", question="q", ballot=ballot)
    if ok:
        assert parse_event(raw).data["ballot"] == ballot
    else:
        with pytest.raises(EventFormatError, match="data.ballot"):
            parse_event(raw)


def test_source_hashes_must_be_sha256_hex() -> None:
    raw = base("fact.placed", question="q", claim="c", sources=[{"title": "t", "sha256": "xyz"}])
    with pytest.raises(EventFormatError, match=r"sources\[0\]\.sha256"):
        parse_event(raw)


def test_due_times_are_normalized() -> None:
    raw = base("directive.issued", decision="d", to=["b"], due="2026-03-01T01:00:00+01:00")
    assert parse_event(raw).data["due"] == "2026-03-01T00:00:00Z"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda e: e["data"].update(text="a\x00b"), "data.text"),
        (lambda e: e.update(subject="c\ud800"), "subject"),
        (lambda e: e.update(actor="m\x00"), "actor"),
        (
            lambda e: e.update(
                kind="fact.placed",
                data={"question": "q", "claim": "c", "sources": [{"title": "t\udfff"}]},
            ),
            "data.sources.0.title",
        ),
        (lambda e: e.update(kind="poll.created", data={"opts": {"x": ["\x00"]}}), "data.opts.x.0"),
        (lambda e: e["data"].update({"k\x00": 1}), "data"),
        (lambda e: e.update(future="\ud83d"), "future"),
    ],
)
def test_nul_and_lone_surrogates_are_refused_anywhere_naming_the_field(
    change: Any, field: str
) -> None:
    raw = base()
    change(raw)
    with pytest.raises(EventFormatError) as err:
        parse_event(raw)
    assert err.value.field == field
    assert "NUL" in err.value.reason or "surrogate" in err.value.reason


def test_surrogate_pairs_and_other_control_characters_are_text() -> None:
    raw = base()
    # JSON's escaped pair decodes to one character (U+1F600); only a lone half is refused.
    raw["data"]["text"] = json.loads('"emoji \\ud83d\\ude00 and a bell \\u0007"')
    assert parse_event(raw).data["text"] == "emoji \U0001f600 and a bell \x07"
