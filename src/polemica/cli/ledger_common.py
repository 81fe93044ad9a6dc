"""Helpers shared by the record commands: keys, opening logs, hex output."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from polemica.cli.errors import UserError
from polemica.ledger.layout import read_manifest

if TYPE_CHECKING:
    from polemica.ledger.filelog import FileLog
    from polemica.ledger.keys import Signer, Verifier

# The ledger's modules (cryptography, numpy, the C module) are imported when a command runs, not
# for its usage text (tests/cli/test_startup.py).

KEY_HELP = (
    "The signing key file (default: one per log origin under $POLEMICA_HOME/keys or "
    "~/.local/share/polemica/keys, created on first use)."
)


def log_argument() -> click.Argument:
    return click.Argument(["log"], type=click.Path(path_type=Path))


def open_log(path: Path) -> FileLog:
    if not path.exists():
        raise UserError(f"{path} does not exist.")
    from polemica.ledger.filelog import FileLog  # numpy and the C module: only when a log opens

    return FileLog.open(path)


def existing_signer(log_path: Path, key: Path | None) -> Signer:
    """The signing key of an existing log: never created here, since a new key could not sign it."""
    from polemica.ledger.keys import default_key_path, load_signer

    origin = read_manifest(log_path).origin
    path = key or default_key_path(origin)
    if not path.exists():
        raise UserError(f"no signing key for {origin} at {path}; give the key file with --key.")
    return load_signer(path)


def parse_verifier(text: str) -> Verifier:
    """A verifier key given as the key string itself or as a file holding it."""
    from polemica.ledger.keys import KeyFormatError, Verifier

    candidate = Path(text)
    if "+" not in text or candidate.exists():
        try:
            text = candidate.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise UserError(f"cannot read the verifier key {text} ({exc.strerror}).") from None
    try:
        return Verifier.parse(text)
    except KeyFormatError as exc:
        raise UserError(f"the verifier key is not valid: {exc}.") from None
