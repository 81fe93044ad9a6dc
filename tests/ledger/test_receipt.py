"""Receipts verify offline, and any change to one makes it fail."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from polemica.ledger.filelog import FileLog
from polemica.ledger.keys import Signer
from polemica.ledger.receipt import ReceiptError, make_receipt, verify_receipt


@pytest.fixture
def receipt(world_log: Path) -> dict[str, Any]:
    with FileLog.open(world_log) as log:
        return make_receipt(log, 31)


def test_a_receipt_verifies(receipt: dict[str, Any], signer: Signer) -> None:
    checked = verify_receipt(receipt, signer.verifier)
    assert (checked.seq, checked.kind, checked.event_id) == (31, "vote.cast", "ev-31")


@pytest.mark.parametrize(
    "change",
    [
        lambda r: r["leaf"]["data"]["ballot"].update(choice="c-2"),
        lambda r: r.update(seq=30, leaf_index=29),
        lambda r: r["path"].pop(),
        lambda r: r["path"].reverse(),
        lambda r: r.update(tree_size=r["tree_size"] - 1),
        lambda r: r.update(checkpoint=r["checkpoint"].replace("\n62\n", "\n61\n")),
        lambda r: r.update(leaf_hash="00" * 32),
        lambda r: r.update(format="other"),
    ],
)
def test_a_changed_receipt_fails(receipt: dict[str, Any], signer: Signer, change: Any) -> None:
    bad = copy.deepcopy(receipt)
    change(bad)
    with pytest.raises(ReceiptError):
        verify_receipt(bad, signer.verifier)


def test_another_key_fails(receipt: dict[str, Any]) -> None:
    with pytest.raises(ReceiptError, match="checkpoint"):
        verify_receipt(receipt, Signer.generate("polemica/org-1").verifier)
