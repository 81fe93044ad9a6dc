"""The C module: its fast path only ever proves an event sound, and its hashes are RFC 6962's.

The differential tests compare `native.check_events` with the reference path (`commit.open_leaf`
with the event format's validator and verify's seq check, via `_EventChecker.check_exactly`) on
random events and on random changes of their bytes: whenever the C code says "sound", the
reference must agree, with the same id and the same erased fields.
"""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from polemica.events import KINDS, canonical_json, personal_fields
from polemica.events.kinds import STANCES
from polemica.events.world import small_world
from polemica.ledger import native
from polemica.ledger.commit import Opening, commit_for_log, commitment, openings_record
from polemica.ledger.fastverify import fast_check
from polemica.ledger.layout import LEAVES, LEAVES_INDEX
from polemica.ledger.records import RecordDamage, iter_record_blocks, iter_record_chunks
from polemica.ledger.verify import _EventChecker, _Failed

# -- the reference verdict ----------------------------------------------------------------------


def reference(seq: int, leaf: bytes, record: bytes) -> tuple[int, tuple[str, ...]] | None:
    """(id fingerprint, erased fields) when the reference path finds the event sound."""
    checker = _EventChecker()
    try:
        checker.check_exactly(seq, leaf, record)
    except _Failed:
        return None
    except (ValueError, RecursionError):  # e.g. a lone surrogate the encoder refuses
        return None
    erased = checker.erased.get(seq)
    return checker.ids[0], tuple(sorted(erased[1])) if erased else ()


def native_verdict(seq: int, leaf: bytes, record: bytes) -> tuple[int, tuple[str, ...]] | None:
    hashes, fingerprints, unsure, erased = native.check_events(seq, [leaf], [record])
    assert hashes == hashlib.sha256(b"\x00" + leaf).digest()
    if unsure:
        assert unsure == [0] and fingerprints == b"" and erased == []
        return None
    (print_,) = np.frombuffer(fingerprints, dtype=np.int64).tolist()
    return print_, tuple(sorted(erased[0][2])) if erased else ()


def agree(seq: int, leaf: bytes, record: bytes) -> bool:
    """The C path proves only what the reference proves; True when it proved the event."""
    fast = native_verdict(seq, leaf, record)
    if fast is None:
        return False
    assert fast == reference(seq, leaf, record), (leaf, record)
    return True


# -- random events ------------------------------------------------------------------------------

odd_text = st.text(
    alphabet=st.sampled_from(
        ["a", "Z", '"', "\\", "\n", "\x00", "\x1f", "\x7f", "é", "\u2028", "😀", " ", "/", "\t"]
    ),
    max_size=6,
)
texts = st.one_of(st.text(max_size=12), odd_text, st.sampled_from(["", "x", "m-1"]))
ids = st.one_of(st.sampled_from(["q-1", "c-2", "m-3", "ev-4"]), texts)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**18), 10**18),
    texts,
    st.integers(-(2**70), 2**70),  # beyond 18 digits: the reference decides
    st.floats(allow_nan=False, allow_infinity=False),  # the reference decides
)
keys = st.one_of(*[st.from_regex(r"[a-z_é]{0,6}", fullmatch=True)] * 4, texts)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3),
    max_leaves=8,
)
times = st.one_of(
    st.sampled_from(
        [
            "2026-01-05T09:00:00Z",
            "2026-02-28T23:59:59.5Z",
            "2026-02-29T10:00:00Z",
            "0001-01-01T00:00:00.000001Z",
            "2026-01-05T09:00:00+02:00",
            "2026-01-05 09:00:00Z",
            "2026-13-01T00:00:00Z",
        ]
    ),
    texts,
)


nonempty = st.one_of(st.text(min_size=1, max_size=12), odd_text.filter(bool), st.just("m-1"))
sure_times = st.sampled_from(
    ["2026-01-05T09:00:00Z", "2026-02-28T23:59:59.5Z", "0001-01-01T00:00:00.000001Z"]
)


def valid_value(spec_type: str, choices: tuple[str, ...] | None) -> st.SearchStrategy[Any]:
    """Values the event format accepts for a field of this type."""
    if choices:
        return st.sampled_from(choices)
    if spec_type == "text":
        return texts
    if spec_type in ("name", "id"):
        return nonempty
    if spec_type == "id_or_null":
        return st.one_of(st.none(), nonempty)
    if spec_type == "ids":
        return st.lists(nonempty, max_size=3)
    if spec_type == "bool":
        return st.booleans()
    if spec_type == "object":
        return st.dictionaries(keys, json_values, max_size=2)
    if spec_type == "time":
        return sure_times
    if spec_type == "sources":
        source = st.fixed_dictionaries(
            {"title": texts}, optional={"uri": texts, "sha256": st.just("0a" * 32)}
        )
        return st.lists(source, max_size=2)
    if spec_type == "ballot":
        return st.one_of(
            st.fixed_dictionaries({"choice": nonempty}),
            st.fixed_dictionaries(
                {"ranking": st.lists(st.lists(nonempty, min_size=1, max_size=3), max_size=3)}
            ),
            st.fixed_dictionaries({"approve": st.lists(nonempty, max_size=3)}),
            st.fixed_dictionaries({"stance": st.sampled_from(STANCES), "statement": nonempty}),
        )
    return json_values


def field_value(spec_type: str, choices: tuple[str, ...] | None) -> st.SearchStrategy[Any]:
    """Mostly values the format accepts, sometimes others of the type, rarely anything."""
    wrong: st.SearchStrategy[Any]
    if spec_type in ("text", "name", "id", "id_or_null"):
        wrong = st.one_of(texts, st.none())
    elif spec_type in ("ids", "sources"):
        wrong = st.lists(st.one_of(texts, json_values), max_size=3)
    elif spec_type == "time":
        wrong = times
    elif spec_type == "ballot":
        wrong = st.one_of(
            st.fixed_dictionaries({"ranking": st.lists(st.lists(ids, max_size=3), max_size=3)}),
            st.fixed_dictionaries({"stance": st.sampled_from(["maybe", *STANCES]), "x": ids}),
            st.dictionaries(st.sampled_from(["choice", "stance", "other"]), json_values),
        )
    else:
        wrong = json_values
    right = valid_value(spec_type, choices)
    return st.one_of(*[right] * 30, wrong, json_values)


@st.composite
def events(draw: st.DrawFn) -> tuple[int, dict[str, Any], set[str]]:
    """(seq, event object, fields to erase): mostly valid events, now and then odd ones."""
    usual = [k for k in KINDS if k != "record.erased"]
    kind = draw(st.sampled_from(usual) | st.sampled_from(["unknown.kind", "record.erased", "Bad"]))
    spec = KINDS.get(kind)
    data: dict[str, Any] = {}
    if spec:
        for field in spec.fields:
            if (field.required and draw(st.integers(0, 20))) or draw(st.booleans()):
                data[field.name] = draw(field_value(field.type, field.choices))
    if draw(st.integers(0, 3)) == 0:
        data.update(draw(st.dictionaries(keys, json_values, max_size=2)))
    seq = draw(st.integers(1, 10**12))

    def usually(value: Any, other: st.SearchStrategy[Any]) -> Any:
        return value if draw(st.integers(0, 15)) else draw(other)

    obj: dict[str, Any] = {
        "v": usually(1, st.sampled_from([2, True, "1", 1.0])),
        "seq": seq,
        "id": usually(draw(st.from_regex(r"[a-zé0-9-]{1,8}", fullmatch=True)), ids),
        "at": usually(draw(sure_times), times),
        "org": usually(draw(nonempty), st.sampled_from(["", None, 1])),
        "body": usually(draw(st.one_of(st.none(), nonempty)), ids),
        "actor": usually(draw(st.one_of(st.none(), nonempty)), ids),
        "kind": kind,
        "subject": usually(draw(nonempty), ids),
        "data": data,
    }
    if draw(st.integers(0, 15)) == 0:
        del obj[draw(st.sampled_from(list(obj)))]
    if draw(st.integers(0, 3)) == 0:
        obj.update(
            draw(st.dictionaries(st.sampled_from(["x", "zz", "é"]), json_values, max_size=1))
        )
    erase = set(draw(st.lists(st.sampled_from(personal_fields(kind) or ("none",)), max_size=2)))
    return seq, obj, erase


def commit(obj: dict[str, Any], erase: set[str]) -> tuple[bytes, bytes]:
    """The leaf and openings record of a (possibly invalid) event, as the log stores them."""
    obj = json.loads(json.dumps(obj))
    data = obj.get("data")
    openings: dict[str, Opening] = {}
    kind = obj.get("kind")
    if isinstance(data, dict) and isinstance(kind, str):
        for name in personal_fields(kind):
            if name in data:
                salt = random.randbytes(32)
                openings[name] = Opening(salt, data[name])
                data[name] = {"commit": commitment(salt, data[name]).hex()}
    erased = tuple(sorted(name for name in openings if name in erase))
    kept = {k: o for k, o in openings.items() if k not in erased}
    record = openings_record(kept, erased)
    if erased and random.random() < 0.5:
        record += b" " * random.randrange(1, 8)  # the padding an erasure in place leaves
    return canonical_json(obj), record


def variants(raw: bytes, obj: Any, rnd: random.Random) -> list[bytes]:
    """Texts close to `raw` (the canonical JSON of `obj`) that a sloppy check might accept."""
    out = [raw]
    at = rnd.randrange(len(raw))
    out.append(raw[:at] + bytes([rnd.randrange(256)]) + raw[at + 1 :])
    out.append(raw[:at] + raw[at + 1 :])
    out.append(raw[:at])
    out.append(raw[:at] + b" " + raw[at:])
    out.append(json.dumps(obj, sort_keys=True, separators=(",", ":")).encode())  # ascii escapes
    out.append(json.dumps(obj, sort_keys=True, ensure_ascii=False).encode("utf-8", "replace"))
    if isinstance(obj, dict) and len(obj) > 1:
        keys = list(obj)
        rnd.shuffle(keys)
        shuffled = json.dumps(
            {k: obj[k] for k in keys}, separators=(",", ":"), ensure_ascii=False
        ).encode()
        out.append(shuffled)
        first = keys[0]
        duplicate = json.dumps({first: obj[first]}, ensure_ascii=False, separators=(",", ":"))
        out.append(b"{" + duplicate[1:-1].encode() + b"," + raw[1:])
    for old, new in (
        (b"a", b"\\u0061"),
        (b"\\u00", b"\\u00"[:-1] + b"0"),
        (b"\\n", b"\\u000a"),
        (b"\\u001f", b"\\u001F"),
        (b'"', b'"\\/'),
        (b":1", b":1.0"),
        (b":1", b":01"),
        (b":0", b":-0"),
        (b"true", b"tru"),
        (b"}", b"} "),
        (b"\xc3\xa9", b"\xc3"),
        (b"\xc3\xa9", b"\xed\xa0\x80"),
        (b"\xc3\xa9", b"\xc0\xa9"),
    ):
        if old in raw:
            out.append(raw.replace(old, new, 1))
    return out


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events(), st.integers(0, 2**32), st.integers(-1, 1))
def test_the_native_check_only_proves_what_the_reference_proves(
    event: tuple[int, dict[str, Any], set[str]], seed: int, shift: int
) -> None:
    seq, obj, erase = event
    try:
        leaf, record = commit(obj, erase)
    except (ValueError, TypeError):
        assume(False)
        return
    rnd = random.Random(seed)
    agree(seq + shift, leaf, record)
    for changed in variants(leaf, json.loads(leaf), rnd):
        agree(seq, changed, record)
    for changed in variants(record.rstrip(b" "), json.loads(record), rnd):
        agree(seq, leaf, changed)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_the_native_check_on_changed_world_events(data: st.DataObject) -> None:
    seq, leaf, record = data.draw(st.sampled_from(WORLD))
    rnd = random.Random(data.draw(st.integers(0, 2**32)))
    for changed in variants(leaf, json.loads(leaf), rnd):
        agree(seq, changed, record)
    for changed in variants(record, json.loads(record), rnd):
        agree(seq, leaf, changed)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=80), st.binary(max_size=40))
def test_the_native_check_survives_any_bytes(leaf: bytes, record: bytes) -> None:
    agree(1, leaf, record)
    agree(1, b'{"data":{},' + leaf, record)


WORLD = [(event.seq, *commit_for_log(event)) for event in small_world()]


def test_native_proves_every_event_the_python_fast_path_proves() -> None:
    seqs = [seq for seq, _, _ in WORLD]
    assert seqs == list(range(1, len(WORLD) + 1))
    _, _, unsure, _ = native.check_events(
        1, [leaf for _, leaf, _ in WORLD], [record for _, _, record in WORLD]
    )
    python = {seq for seq, leaf, record in WORLD if fast_check(seq, leaf, record) is not None}
    proven = set(seqs) - {i + 1 for i in unsure}
    kind_of = {seq: json.loads(leaf)["kind"] for seq, leaf, _ in WORLD}
    assert {s for s in python if kind_of[s] not in native.PYTHON_ONLY} <= proven
    assert all(agree(seq, leaf, record) for seq, leaf, record in WORLD if seq in proven)
    kinds = set(kind_of.values())
    # PYTHON_ONLY kinds always take the Python path; the world's settings change holds a float.
    left = {*native.PYTHON_ONLY, "body.settings_changed"}
    assert {json.loads(WORLD[s - 1][1])["kind"] for s in proven} == kinds - left


def test_erased_fields_are_reported(world_log: Path) -> None:
    from polemica.ledger.filelog import FileLog

    with FileLog.open(world_log) as log:
        n = log.size
    leaves = next(iter_record_chunks(world_log / LEAVES, world_log / LEAVES_INDEX, n, n))
    records = next(
        iter_record_chunks(world_log / "openings.jsonl", world_log / "openings.idx", n, n)
    )
    _, _, unsure, erased = native.check_events(1, leaves, records)
    assert erased, "the small world erases a member's reason for leaving"
    for index, ident, fields in erased:
        assert reference(index + 1, leaves[index], records[index]) == (
            native.fingerprint(ident),
            tuple(sorted(fields)),
        )
    for index in unsure:
        assert json.loads(leaves[index])["kind"] in {*native.PYTHON_ONLY, "body.settings_changed"}


def test_kind_table_comes_from_the_event_format() -> None:
    with pytest.raises(RuntimeError):
        native._native.set_kinds([], [])  # installed once, at import


# -- hashes, blocks, the encoder ------------------------------------------------------------------


@given(st.lists(st.binary(max_size=300), max_size=20))
def test_leaf_and_node_hashes_are_rfc6962(leaves: list[bytes]) -> None:
    joined = native.leaf_hashes(leaves)
    assert joined == b"".join(hashlib.sha256(b"\x00" + leaf).digest() for leaf in leaves)
    pairs = joined[: len(joined) // 64 * 64]
    expected = b"".join(
        hashlib.sha256(b"\x01" + pairs[i : i + 64]).digest() for i in range(0, len(pairs), 64)
    )
    assert native.node_level(pairs) == expected
    blob = b"".join(leaf.replace(b"\n", b" ") + b"\n" for leaf in leaves)
    bounds = np.cumsum([0] + [len(leaf) + 1 for leaf in leaves], dtype=np.uint64)
    flat = [leaf.replace(b"\n", b" ") for leaf in leaves]
    assert native.leaf_hashes((blob, bounds)) == native.leaf_hashes(flat)
    assert native.record_damage(blob, bounds) == -1


def test_node_level_needs_pairs() -> None:
    with pytest.raises(ValueError):
        native.node_level(b"\x00" * 32)


@settings(max_examples=200, deadline=None)
@given(
    records=st.lists(st.binary(min_size=1, max_size=20), min_size=1, max_size=30), data=st.data()
)
def test_record_blocks_report_the_same_damage(
    records: list[bytes], data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("blocks")
    blob = b"".join(r.replace(b"\n", b"") + b"\n" for r in records if r.replace(b"\n", b""))
    lines = blob.split(b"\n")[:-1]
    ends = np.cumsum([len(line) + 1 for line in lines], dtype="<i8")
    if data.draw(st.booleans()) and len(blob):
        at = data.draw(st.integers(0, len(blob) - 1))
        blob = blob[:at] + data.draw(st.sampled_from([b"\n", b"x", b""])) + blob[at + 1 :]
    if data.draw(st.booleans()) and len(ends):
        ends[data.draw(st.integers(0, len(ends) - 1))] += data.draw(st.integers(-3, 3))
    (folder / "r").write_bytes(blob)
    (folder / "r.idx").write_bytes(ends.astype("<u8").tobytes())  # -1 wraps around
    count = len(ends)
    chunk = data.draw(st.sampled_from([2, 4, 64]))

    def read(reader: Any) -> tuple[list[bytes], tuple[int, str] | None]:
        got: list[bytes] = []
        try:
            for part in reader(folder / "r", folder / "r.idx", count, chunk):
                got.extend(part if isinstance(part, list) else map(part.record, range(len(part))))
        except RecordDamage as damage:
            return got, (damage.index, damage.reason)
        return got, None

    want = _reference_read(blob, [int(e) % 2**64 for e in ends], count, chunk)
    assert read(iter_record_blocks) == want
    assert read(iter_record_chunks) == want


def test_an_entry_out_of_order_is_the_damaged_record(tmp_path: Path) -> None:
    """Found by Hypothesis: the index's second entry points before the first one's end. The
    first record is whole; the second is the damaged one, whatever the chunk size (its reason
    depends on whether it starts a chunk, as in the reference reader)."""
    (tmp_path / "r").write_bytes(b"a\nb\n")
    (tmp_path / "r.idx").write_bytes(np.array([2, 1], dtype="<u8").tobytes())
    for chunk in (1, 2, 64):
        for reader in (iter_record_blocks, iter_record_chunks):
            with pytest.raises(RecordDamage) as found:
                list(reader(tmp_path / "r", tmp_path / "r.idx", 2, chunk))
            want = _reference_read(b"a\nb\n", [2, 1], 2, chunk)[1]
            assert want is not None and want[0] == 1
            assert (found.value.index, found.value.reason) == want


def _reference_read(
    blob: bytes, ends: list[int], count: int, chunk: int
) -> tuple[list[bytes], tuple[int, str] | None]:
    """What the readers must give, record by record in plain Python: the records of the chunks
    read whole before the first damage, and that damage (first damaged record, reason)."""
    got: list[bytes] = []
    start = 0
    for done in range(0, count, chunk):
        part = ends[done : done + chunk]
        if not start < part[-1] <= len(blob):
            # The chunk's end is outside the file: the first entry out of order or range is named.
            prev = start
            for i, end in enumerate(part):
                if not prev < end <= len(blob):
                    return got, (done + i, "r.idx points outside r")
                prev = end
        records, prev = [], start
        for i, end in enumerate(part):
            record = blob[prev:end]
            if not record.endswith(b"\n") or b"\n" in record[:-1]:
                return got, (done + i, "r does not match its index")
            records.append(record[:-1])
            prev = end
        got += records
        start = part[-1]
    if len(blob) > start:
        return got, (count, "r has bytes after the last record")
    return got, None


plain_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.text() | odd_text,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text() | odd_text, inner, max_size=4)
    ),
    max_leaves=16,
)


@settings(max_examples=300)
@given(st.one_of(plain_values, json_values))
def test_native_dumps_is_the_canonical_encoder_or_declines(value: Any) -> None:
    out = native.dumps(value)
    if out is not None:
        assert out == canonical_json(value)


def test_native_dumps_declines_what_it_cannot_prove() -> None:
    import enum

    class Colour(enum.StrEnum):
        RED = "red"

    class Number(int):
        pass

    deep: Any = []
    for _ in range(200):
        deep = [deep]
    for odd in (1.5, 2**64, "\ud800", Colour.RED, Number(3), {1: "x"}, {"k": 1.0}, deep, b"x"):
        assert native.dumps(odd) is None
    assert native.dumps({"b": [1, True, None], "a": "é\n\x01"}) == canonical_json(
        {"b": [1, True, None], "a": "é\n\x01"}
    )


def test_a_nul_in_a_text_is_never_proven_sound() -> None:
    """The event format refuses NUL (events/text.py): the C path leaves an event holding one to
    the exact path, which refuses it; the commitments themselves match."""
    event = next(e for e in small_world() if e.kind == "contribution.posted")
    for data in ({**event.data, "text": "a\x00b"}, {**event.data, "target": "c\x00"}):
        seq, leaf, record = event.seq, *commit_for_log(event.with_data(data))
        assert b"\\u0000" in leaf + record
        assert native_verdict(seq, leaf, record) is None
        assert reference(seq, leaf, record) is None


def test_old_and_new_fact_leaves_are_proven_like_the_reference() -> None:
    """A fact placed before its sources were personal (plain in the leaf) and one placed after
    (committed; erased, they read as no sources): the C path proves both, as the reference."""
    from tests.ledger.test_commit import _old_leaf

    event = next(e for e in small_world() if e.kind == "fact.placed")
    new_leaf, new_record = commit_for_log(event)
    erased = openings_record({}, ("claim", "sources"))
    for leaf, record in (_old_leaf(event), (new_leaf, new_record), (new_leaf, erased)):
        assert agree(event.seq, leaf, record), (leaf, record)
