"""`polemica verify-receipt RECEIPT`: check a receipt offline."""

from __future__ import annotations

import json
from pathlib import Path

import click

from polemica.cli.errors import UserError
from polemica.cli.ledger_common import parse_verifier
from polemica.ledger.receipt import verify_receipt


class ReceiptFailed(UserError):
    exit_code = 3


@click.command("verify-receipt")
@click.argument("receipt", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--key", help="The verifier key you trust (string or file); default: the receipt's own."
)
def verify_receipt_cmd(receipt: Path, key: str | None) -> None:
    """Check that RECEIPT's event is in the log under its signed checkpoint (exit 3 if not)."""
    try:
        doc = json.loads(receipt.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise UserError(f"{receipt} is not JSON ({exc.msg} at line {exc.lineno}).") from None
    embedded = doc.get("verifier") if isinstance(doc, dict) else None
    if key is None and not isinstance(embedded, str):
        raise UserError("the receipt carries no verifier key; give one with --key.")
    verifier = parse_verifier(key if key is not None else str(embedded))
    try:
        checked = verify_receipt(doc, verifier)
    except ValueError as exc:
        raise ReceiptFailed(f"the receipt does not hold: {exc}.") from None
    click.echo(
        f"valid: event {checked.seq} ({checked.kind}, id {checked.event_id}) is in "
        f"{checked.origin} at tree size {checked.tree_size}"
    )
    if key is None:
        click.echo(
            "checked against the key carried in the receipt; pass --key to use one you trust"
        )
