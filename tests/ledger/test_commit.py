"""Salted commitments: the leaf hides personal text, the opening restores it exactly."""

from __future__ import annotations

import hashlib
import json

import pytest

from polemica.events import Event, canonical_json
from polemica.events.world import small_world
from polemica.ledger.commit import (
    COMMIT_TAG,
    CommitmentError,
    StoredOpenings,
    commit_event,
    commit_for_log,
    open_leaf,
    openings_record,
    parse_openings,
)


def posted() -> Event:
    return next(e for e in small_world() if e.kind == "contribution.posted")


def test_leaf_replaces_personal_text_by_a_commitment() -> None:
    event = posted()
    leaf, openings = commit_event(event, random=lambda n: b"\x07" * n)
    obj = json.loads(leaf)
    assert event.data["text"] not in leaf.decode()
    expected = hashlib.sha256(
        COMMIT_TAG + b"\x07" * 32 + canonical_json(event.data["text"])
    ).hexdigest()
    assert obj["data"]["text"] == {"commit": expected}
    assert obj["data"]["question"] == event.data["question"]
    assert leaf == canonical_json(obj)
    assert set(openings) == {"text"}


def test_salts_differ_so_equal_texts_give_different_leaves() -> None:
    event = posted()
    assert commit_event(event)[0] != commit_event(event)[0]


def test_opening_restores_the_event() -> None:
    event = posted()
    leaf, openings = commit_event(event)
    stored = parse_openings(openings_record(openings))
    assert open_leaf(leaf, stored).event == event


def test_every_world_event_round_trips() -> None:
    for event in small_world():
        leaf, openings = commit_event(event)
        assert open_leaf(leaf, parse_openings(openings_record(openings))).event == event


def test_a_wrong_opening_is_rejected() -> None:
    event = posted()
    leaf, _ = commit_event(event)
    _, others = commit_event(event.with_data({**event.data, "text": "something else"}))
    with pytest.raises(CommitmentError, match=r"data\.text does not match"):
        open_leaf(leaf, StoredOpenings(others, ()))
    with pytest.raises(CommitmentError, match="cover"):
        open_leaf(leaf, StoredOpenings({}, ()))


def test_an_erased_field_keeps_its_commitment() -> None:
    event = posted()
    leaf, _ = commit_event(event)
    opened = open_leaf(leaf, parse_openings(openings_record({}, ("text",))))
    assert opened.erased == ("text",)
    assert opened.event.data["text"] == {"commit": opened.commitments["text"]}
    assert opened.readable().data["text"] == ""


def test_openings_records_must_be_canonical() -> None:
    _, openings = commit_event(posted())
    record = openings_record(openings)
    with pytest.raises(CommitmentError, match="canonical"):
        parse_openings(json.dumps(json.loads(record), indent=1).encode())


def test_the_log_fast_path_equals_the_reference_form() -> None:
    for event in small_world():
        salts = iter(bytes([i]) * 32 for i in range(10))
        leaf, record = commit_for_log(event, random=lambda n, s=salts: next(s))
        salts = iter(bytes([i]) * 32 for i in range(10))
        leaf2, openings = commit_event(event, random=lambda n, s=salts: next(s))
        assert (leaf, record) == (leaf2, openings_record(openings))


def placed() -> Event:
    return next(e for e in small_world() if e.kind == "fact.placed")


def _old_leaf(event: Event) -> tuple[bytes, bytes]:
    """The leaf and openings as a log written before sources were personal holds them: the
    sources plain in the leaf, only the claim committed."""
    leaf, openings = commit_event(event)
    obj = json.loads(leaf)
    obj["data"]["sources"] = event.data["sources"]
    return canonical_json(obj), openings_record({"claim": openings["claim"]})


def test_a_facts_sources_are_committed_and_erase_to_no_sources() -> None:
    event = placed()
    assert event.data["sources"]
    leaf, openings = commit_event(event)
    assert set(openings) == {"claim", "sources"}
    assert event.data["sources"][0]["title"] not in leaf.decode()
    opened = open_leaf(leaf, parse_openings(openings_record({}, ("claim", "sources"))))
    assert opened.readable().data == {**event.data, "claim": "", "sources": []}


def test_a_leaf_written_before_sources_were_personal_still_opens() -> None:
    event = placed()
    leaf, record = _old_leaf(event)
    assert event.data["sources"][0]["title"] in leaf.decode()
    assert open_leaf(leaf, parse_openings(record)).event == event
    # Its claim is erasable as before; its plain sources are not a commitment to erase.
    erased = open_leaf(leaf, parse_openings(openings_record({}, ("claim",))))
    assert erased.readable().data["sources"] == event.data["sources"]
    with pytest.raises(CommitmentError, match="cover"):
        open_leaf(leaf, parse_openings(openings_record({}, ("claim", "sources"))))


def test_only_fields_that_became_personal_may_be_plain() -> None:
    event = posted()
    leaf, _ = commit_event(event)
    obj = json.loads(leaf)
    obj["data"]["text"] = event.data["text"]
    with pytest.raises(CommitmentError, match=r"data\.text is not a commitment"):
        open_leaf(canonical_json(obj), parse_openings(b"{}"))
