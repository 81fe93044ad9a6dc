"""`polemica verify-receipt RECEIPT`: check a receipt offline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from polemica.cli.errors import UserError
from polemica.cli.ledger_common import parse_verifier
from polemica.ledger.sealed import check_counted, check_sealed

if TYPE_CHECKING:
    from polemica.ledger.keys import Verifier
    from polemica.ledger.receipt import CheckedReceipt


class ReceiptFailed(UserError):
    exit_code = 3


def _read(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise UserError(f"{path} is not JSON ({exc.msg} at line {exc.lineno}).") from None
    except OSError as exc:
        raise UserError(f"{path} cannot be read ({exc.strerror}).") from None


def _checked(doc: Any, verifier: Verifier, what: str) -> CheckedReceipt:
    try:
        from polemica.ledger.receipt import verify_receipt

        return verify_receipt(doc, verifier)
    except ValueError as exc:
        raise ReceiptFailed(f"{what} does not hold: {exc}.") from None


@click.command("verify-receipt")
@click.argument("receipt", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--key", help="The verifier key you trust (string or file); default: the receipt's own."
)
@click.option(
    "--counted",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A secret ballot: the decision's receipt, to check that the decision counted it.",
)
def verify_receipt_cmd(receipt: Path, key: str | None, counted: Path | None) -> None:
    """Check that RECEIPT's event is in the log under its signed checkpoint (exit 3 if not);
    a secret ballot's receipt also opens its seal, and with --counted is found in the count."""
    doc = _read(receipt)
    embedded = doc.get("verifier") if isinstance(doc, dict) else None
    if key is None and not isinstance(embedded, str):
        raise UserError("the receipt carries no verifier key; give one with --key.")
    verifier = parse_verifier(key if key is not None else str(embedded))
    checked = _checked(doc, verifier, "the receipt")
    click.echo(
        f"valid: event {checked.seq} ({checked.kind}, id {checked.event_id}) is in "
        f"{checked.origin} at tree size {checked.tree_size}"
    )
    if "sealed" in doc or counted is not None:
        _secret(doc, verifier, counted)
    if key is None:
        click.echo(
            "checked against the key carried in the receipt; pass --key to use one you trust"
        )


def _secret(doc: dict[str, Any], verifier: Verifier, counted: Path | None) -> None:
    try:
        sealed = check_sealed(doc)
    except ValueError as exc:
        raise ReceiptFailed(f"the sealed ballot does not hold: {exc}.") from None
    click.echo(
        f"sealed: the seal of event {sealed.seq} opens to tracking number {sealed.tracking} "
        f"and your ballot {json.dumps(sealed.ballot, ensure_ascii=False)}"
    )
    if counted is None:
        click.echo("not yet checked in the count: pass --counted with the decision's receipt")
        return
    decision = _read(counted)
    _checked(decision, verifier, "the decision's receipt")
    try:
        found = check_counted(sealed, decision)
    except ValueError as exc:
        raise ReceiptFailed(f"the ballot is not in the count: {exc}.") from None
    click.echo(
        f"counted: decision {found.decision} (event {found.seq}) counts {found.ballots} "
        f"ballots, yours among them under {sealed.tracking}"
    )
