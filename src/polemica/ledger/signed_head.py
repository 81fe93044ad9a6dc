"""A log directory's signed head: its verifier key and its checkpoint, checked against each other.

Kept apart from the file log so that reading the head (`polemica checkpoint`) needs neither numpy
nor the C module.
"""

from __future__ import annotations

from pathlib import Path

from polemica.ledger.checkpoint import Checkpoint, verify_checkpoint
from polemica.ledger.keys import Verifier
from polemica.ledger.layout import CHECKPOINT, VERIFIER, LogFormatError, read_manifest


def read_verifier(path: Path) -> Verifier:
    try:
        text = (path / VERIFIER).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise LogFormatError(f"{path} has no readable {VERIFIER}") from None
    if not text.endswith("\n") or text.count("\n") != 1:
        raise LogFormatError(f"{VERIFIER} must hold exactly one line")
    return Verifier.parse(text[:-1])


def read_checkpoint(path: Path, verifier: Verifier) -> Checkpoint:
    try:
        note = (path / CHECKPOINT).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise LogFormatError(f"{path} has no readable {CHECKPOINT}") from None
    return verify_checkpoint(note, verifier)


def signed_note(path: Path) -> str:
    """The log's checkpoint note, once its signature, key and origin are checked as on opening."""
    manifest = read_manifest(path)
    checkpoint = read_checkpoint(path, read_verifier(path))
    if checkpoint.origin != manifest.origin:
        raise LogFormatError("the checkpoint's origin is not the log's origin")
    return (path / CHECKPOINT).read_text(encoding="utf-8")
