"""The report: stable JSON schema, partial data stated, windows, renderings."""

from __future__ import annotations

import json
import re

from polemica.analysis import SIGNALS, SYNDROME_NAMES, analyze_frame
from polemica.analysis.frame import frame_from_events, raw_from_events
from polemica.analysis.render import render_html, render_json, render_text
from polemica.analysis.syndromes import STATES
from polemica.events.world import small_world
from tests.analysis import scenarios
from tests.analysis.builder import body_with


def test_json_schema_has_every_signal_and_syndrome_per_scope() -> None:
    rep = analyze_frame(frame_from_events(small_world()), source="small")
    doc = json.loads(render_json(rep))
    assert doc["format"] == "polemica-health/1" and doc["events"] == len(small_world())
    kinds = {s["scope"] for s in doc["scopes"]}
    assert {"member", "body", "org"} <= kinds
    for scope in doc["scopes"]:
        assert set(scope) >= {"scope", "id", "signals", "syndromes"}
        assert list(scope["signals"]) == list(SIGNALS)
        assert list(scope["syndromes"]) == list(SYNDROME_NAMES)
        for sig in scope["signals"].values():
            assert set(sig) >= {"value", "n", "evidence"}
            assert (sig["value"] is None) == ("reason" in sig)
            assert len(sig["evidence"]) <= 20
        for syn in scope["syndromes"].values():
            assert set(syn) == {
                "score",
                "flag",
                "explanation",
                "evidence",
                "state",
                "probability",
                "interval",
                "threshold",
            }
            assert syn["state"] in STATES
            assert syn["flag"] == (syn["state"] == "flagged")
            if syn["score"] is not None:
                lo, hi = syn["interval"]
                assert 0 <= lo <= hi <= 1 and 0 <= syn["probability"] <= 1
            assert syn["score"] is None or 0.0 <= syn["score"] <= 1.0


def test_stored_and_decoded_frames_give_the_same_report() -> None:
    # The stored layout is decoded kind by kind with only the fields the tables read; a frame
    # decoded whole must give the identical report.
    from polemica.simulate import simulate

    federation = list(simulate("healthy", seed=3, members=60, months=2.0, orgs=2))
    for world in (small_world(), federation):
        lean = analyze_frame(raw_from_events(world), source="w")
        whole = analyze_frame(frame_from_events(world), source="w")
        assert render_json(lean) == render_json(whole)


def test_untyped_archive_states_what_it_cannot_compute() -> None:
    o = body_with(["a", "c"], leader=None)
    o.question("q1", actor="a")
    o.post("m1", "a", "remark", "Shall we meet on Friday?")
    o.post("m2", "c", "remark", "Friday is fine for me.", target="m1")
    o.post("m3", "a", "remark", "Good, Friday then.", target="m2")
    doc = o.report().to_json()
    body = next(s for s in doc["scopes"] if s["scope"] == "body")  # type: ignore[union-attr]
    assert body["signals"]["reply_share"]["value"] == 2 / 3
    assert body["signals"]["reciprocity"]["value"] == 1.0
    # Structure first: the remark that asks is a question, and the reply by another answers it.
    assert body["signals"]["objection_answer_rate"]["value"] == 1.0
    assert body["signals"]["objection_answer_rate"]["n"] == 1
    # Who objects cannot be read from the structure: said, not guessed.
    assert "no contribution types" in body["signals"]["hostile_label_rate"]["reason"]
    assert "no contribution types" in doc["not_computed"]["hostile_label_rate"]  # type: ignore[index]
    assert body["signals"]["leader_adoption_rate"]["value"] is None
    assert doc["contribution_types"] == "untyped"
    assert "antagonism_branding" in doc["not_judged"]  # type: ignore[operator]


def test_window_limits_activity() -> None:
    o = scenarios.cult_of_person(n=6)
    full = o.sig("body", "b", "leader_adoption_rate")
    last = o.w.events[-1].at[:10]
    part = o.sig("body", "b", "leader_adoption_rate", window=f"{last}..{last}")
    assert full.n == 6 and part.n < 6


def test_text_and_html_link_findings_to_evidence() -> None:
    rep = scenarios.cult_of_person().report()
    text = render_text(rep)
    assert "personality_cult" in text and "Findings" in text
    html = render_html(rep)
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html and "<script" not in html
    assert "<svg" in html
    anchors = set(re.findall(r"id='([^']+)'", html))
    links = set(re.findall(r"href='#([^']+)'", html)) | set(re.findall(r'href="#([^"]+)"', html))
    assert links and links <= anchors
