"""The ledger's C module (`_native.c`), given the event format's kind table at import.

The C fast path of `verify` checks each kind's fields from the table built here out of
`polemica.events.KINDS`, so the table stays the single source of truth. A field type the C code
does not know fails the import rather than being skipped.
"""

from __future__ import annotations

import json
import re
from typing import Final, TypeAlias

import numpy as np
import numpy.typing as npt

from polemica.events import KINDS
from polemica.events.kinds import STANCES
from polemica.ledger import _native
from polemica.ledger._native import dumps, leaf_hashes, node_level, record_damage

# Records as the native functions take them: a list, or a block (blob, bounds) in which record i
# is blob[bounds[i] : bounds[i + 1] - 1] (see records.RecordBlock).
Records: TypeAlias = list[bytes] | tuple[bytes, npt.NDArray[np.uint64]]

FIELD_TYPES: Final = (
    "text",
    "name",
    "id",
    "id_or_null",
    "ids",
    "bool",
    "any",
    "object",
    "time",
    "sources",
    "ballot",
)
_KIND_NAME: Final = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
_IDENTIFIER: Final = re.compile(r"^[a-z_][a-z0-9_]*$")
# The one rule of `validate._check_data` beyond the field types, as (kind, field, value, field):
# when the field holds the value, the other field must be truthy.
RULES: Final = {"question.opened": ("visibility", "closed", "reason")}
# record.erased needs the verifier's erasure bookkeeping, and the secret ballot's kinds have rules
# beyond the field types (a seal's form, the published ballots' order; `validate._check_data`)
# that the C code does not check: always the Python path (they are few).
PYTHON_ONLY: Final = frozenset({"record.erased", "vote.sealed", "decision.taken"})


def _text(value: str) -> bytes:
    """A string as it appears between the quotes of canonical JSON."""
    return json.dumps(value, ensure_ascii=False)[1:-1].encode("utf-8")


def _table() -> list[tuple[bytes, list[tuple[str, int, bool, int, list[bytes]]], object]]:
    table: list[tuple[bytes, list[tuple[str, int, bool, int, list[bytes]]], object]] = []
    for name, spec in KINDS.items():
        if name in PYTHON_ONLY or not _KIND_NAME.match(name):
            continue
        fields = []
        for field in spec.fields:
            if not _IDENTIFIER.match(field.name):
                raise ValueError(f"field {name}.{field.name} is not a plain identifier")
            fields.append(
                (
                    field.name,
                    FIELD_TYPES.index(field.type),
                    field.required,
                    # 2: personal, but a leaf written before may hold it plain
                    (2 if field.plain_before else 1) if field.personal else 0,
                    [_text(c) for c in field.choices or ()],
                )
            )
        rule: object = None
        if name in RULES:
            when, value, then = RULES[name]
            names = [f.name for f in spec.fields]
            rule = (names.index(when), _text(value), names.index(then))
        table.append((name.encode(), fields, rule))
    return table


_native.set_kinds(_table(), [_text(s) for s in STANCES])


Checked = tuple[bytes, bytes, list[int], list[tuple[int, str, tuple[str, ...]]]]


def check_events(first_seq: int, leaves: Records, records: Records) -> Checked:
    """Leaf hashes of events `first_seq`, `first_seq` + 1, …, and which are provably sound.

    Returns the leaf hashes (32 bytes each, concatenated), the fingerprints (8 bytes each,
    native byte order) of the ids of the events proven sound, the 0-based positions of the
    events it is unsure of (the caller decides those), and for each event proven sound that has
    erased fields: (position, id, erased fields). "Sound" is what `commit.open_leaf` with the
    event format's validator and verify's seq check would find.
    """
    return _native.check_events(first_seq, leaves, records)


def fingerprint(ident: str) -> int:
    """The 64-bit fingerprint `check_events` gives an id."""
    return _native.fingerprint(ident.encode("utf-8", "surrogatepass"))


__all__ = [
    "Checked",
    "Records",
    "check_events",
    "dumps",
    "fingerprint",
    "leaf_hashes",
    "node_level",
    "record_damage",
]
