"""Secret ballots in the record: the seal a voter can open, and the checks of their receipt.

A secret ballot leaves two traces in an organization's log that nothing in the log links:

- `vote.sealed`, named (its actor is the voter): `seal` = SHA-256 of a tag, 32 random bytes
  (the nonce, which only the voter receives) and the canonical JSON of the question, the ballot
  and a random tracking number. Without the nonce the seal hides both;
- the decision (`decision.taken`), which publishes every ballot of the vote with its tracking
  number and no voter, in tracking-number order, and counts exactly those.

The voter's receipt is an ordinary receipt of their `vote.sealed` (docs/ledger.md) plus a
`sealed` part: `{"question", "tracking", "ballot", "nonce"}`. `check_sealed` opens the seal
with it (the ballot is in the log, under the voter's name, since the vote); `check_counted`
finds the same tracking number and ballot in the decision's published list (it is in the
count). The decision's receipt is the same for everyone, so fetching it tells nobody which
ballot a voter looks for.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from polemica.events import canonical_json

SEAL_TAG = b"polemica/sealed-ballot/v1"
SEALED_KIND = "vote.sealed"


class SealError(ValueError):
    """A sealed ballot's receipt that does not hold, with the reason."""


def new_tracking() -> str:
    """A fresh tracking number: 128 random bits, nothing derived from the voter or the time."""
    return secrets.token_hex(16)


def new_nonce() -> str:
    """The seal's 32 random bytes (hex), given to the voter and never stored by the platform."""
    return secrets.token_hex(32)


def seal(question: str, tracking: str, ballot: dict[str, Any], nonce: str) -> str:
    """SHA-256(tag ‖ 0x00 ‖ nonce ‖ canonical JSON of {ballot, question, tracking}), in hex."""
    body = canonical_json({"ballot": ballot, "question": question, "tracking": tracking})
    return hashlib.sha256(SEAL_TAG + b"\x00" + bytes.fromhex(nonce) + body).hexdigest()


@dataclass(frozen=True)
class Sealed:
    """A sealed ballot opened from its receipt: which vote, which event, what was cast."""

    seq: int
    question: str
    tracking: str
    ballot: dict[str, Any]


@dataclass(frozen=True)
class Counted:
    """The decision that counted a sealed ballot."""

    seq: int
    decision: str
    ballots: int
    adopted: list[str]


def check_sealed(receipt: dict[str, Any]) -> Sealed:
    """Open the seal of a (verified) receipt of a `vote.sealed` with its `sealed` part."""
    part = receipt.get("sealed")
    leaf = receipt.get("leaf")
    if not isinstance(part, dict):
        raise SealError("the receipt carries no sealed ballot")
    if not isinstance(leaf, dict) or leaf.get("kind") != SEALED_KIND:
        raise SealError(f"the receipt's event is not a {SEALED_KIND}")
    data = _data(leaf)
    question, tracking = part.get("question"), part.get("tracking")
    ballot, nonce = part.get("ballot"), part.get("nonce")
    if not (isinstance(question, str) and isinstance(tracking, str) and isinstance(ballot, dict)):
        raise SealError("the sealed part needs question, tracking and ballot")
    if not isinstance(nonce, str) or len(nonce) != 64 or not _is_hex(nonce):
        raise SealError("the sealed part's nonce is not 64 hexadecimal digits")
    if data.get("question") != question:
        raise SealError("the sealed ballot names another question than its event")
    if seal(question, tracking, ballot, nonce) != data.get("seal"):
        raise SealError("the seal in the log does not open to this ballot and tracking number")
    return Sealed(int(leaf["seq"]), question, tracking, ballot)


def check_counted(sealed: Sealed, decision_receipt: dict[str, Any]) -> Counted:
    """The (verified) receipt of a decision counted `sealed`: same question, later in the log,
    and the tracking number with the same ballot in its published ballots."""
    leaf = decision_receipt.get("leaf")
    if not isinstance(leaf, dict) or leaf.get("kind") != "decision.taken":
        raise SealError("the second receipt is not of a decision.taken")
    data = _data(leaf)
    if data.get("question") != sealed.question:
        raise SealError("the decision is of another question")
    if not isinstance(leaf.get("seq"), int) or leaf["seq"] <= sealed.seq:
        raise SealError("the decision comes before the ballot in the log")
    published = data.get("ballots")
    if not isinstance(published, list):
        raise SealError("the decision publishes no ballots (it was not a secret vote)")
    found = [b for b in published if isinstance(b, dict) and b.get("tracking") == sealed.tracking]
    if not found:
        raise SealError(f"tracking number {sealed.tracking} is not among the counted ballots")
    if found[0].get("ballot") != sealed.ballot:
        raise SealError(f"the ballot counted under {sealed.tracking} is not the one sealed")
    tally = data.get("tally")
    counted = tally.get("ballots") if isinstance(tally, dict) else None
    if counted is not None and counted != len(published):
        raise SealError(
            f"the tally counts {counted} ballots, the decision publishes {len(published)}"
        )
    adopted = data.get("adopted")
    chosen = [str(x) for x in adopted] if isinstance(adopted, list) else []
    return Counted(int(leaf["seq"]), str(leaf.get("subject")), len(published), chosen)


def _data(leaf: dict[str, Any]) -> dict[str, Any]:
    data = leaf.get("data")
    return data if isinstance(data, dict) else {}


def _is_hex(text: str) -> bool:
    return all(c in "0123456789abcdef" for c in text)
