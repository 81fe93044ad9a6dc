"""Checkpoints (C2SP tlog-checkpoint) as signed notes (C2SP signed-note) with Ed25519.

The checkpoint body is three lines, `origin`, the tree size in decimal and the base64 root hash,
then optional extension lines. The note appends an empty line and one line per signature:
`— <key name> <base64(4-byte key hash ‖ 64-byte Ed25519 signature)>`.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

from polemica.ledger.hashing import HASH_SIZE
from polemica.ledger.keys import KeyFormatError, Signer, Verifier, b64decode_strict

SIG_PREFIX = "— "  # an em dash and a space
_SIZE = re.compile(r"^(0|[1-9][0-9]{0,19})$")


class CheckpointError(ValueError):
    """A checkpoint or note that does not parse or whose signature does not verify."""


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    def body(self) -> str:
        lines = [self.origin, str(self.size), base64.b64encode(self.root).decode()]
        return "\n".join([*lines, *self.extensions]) + "\n"

    @classmethod
    def parse(cls, body: str) -> Checkpoint:
        if not body.endswith("\n"):
            raise CheckpointError("a checkpoint body must end with a newline")
        lines = body[:-1].split("\n")
        if len(lines) < 3:
            raise CheckpointError("a checkpoint needs an origin, a size and a root hash")
        origin, size, root, *ext = lines
        if not origin or origin != origin.strip():
            raise CheckpointError("the checkpoint origin line is empty or padded")
        if not _SIZE.match(size):
            raise CheckpointError(f"the checkpoint size {size!r} is not a decimal number")
        try:
            raw = b64decode_strict(root, "the checkpoint root hash")
        except KeyFormatError as exc:
            raise CheckpointError(str(exc)) from None
        if len(raw) != HASH_SIZE:
            raise CheckpointError("the checkpoint root hash is not 32 bytes")
        if any(not line for line in ext):
            raise CheckpointError("a checkpoint extension line is empty")
        return cls(origin, int(size), raw, tuple(ext))


def sign_note(body: str, signer: Signer) -> str:
    """The signed note: `body`, an empty line, and the signature line."""
    if not body.endswith("\n") or "\n\n" in body:
        raise CheckpointError("a note text ends with one newline and has no empty line")
    signature = signer.sign(body.encode("utf-8"))
    blob = base64.b64encode(signer.verifier.hash + signature).decode()
    return f"{body}\n{SIG_PREFIX}{signer.name} {blob}\n"


def open_note(note: str, verifier: Verifier) -> str:
    """The note's text if it carries a valid signature by `verifier`; else CheckpointError.

    Signatures by other keys are allowed and ignored, as the signed-note spec says.
    """
    cut = note.rfind("\n\n")
    if cut < 0 or not note.endswith("\n"):
        raise CheckpointError("the note has no signature block")
    body, sigs = note[: cut + 1], note[cut + 2 :]
    found = False
    for line in sigs[:-1].split("\n"):
        name, blob = _signature_line(line)
        if name != verifier.name:
            continue
        if len(blob) != 4 + 64:
            raise CheckpointError("an Ed25519 note signature is 68 bytes")
        if blob[:4] != verifier.hash:
            continue
        if not verifier.verify(body.encode("utf-8"), blob[4:]):
            raise CheckpointError(f"the signature by {name} does not verify")
        found = True
    if not found:
        raise CheckpointError(f"the note is not signed by the key {verifier.name}")
    return body


def _signature_line(line: str) -> tuple[str, bytes]:
    if not line.startswith(SIG_PREFIX):
        raise CheckpointError("a signature line must start with an em dash and a space")
    parts = line[len(SIG_PREFIX) :].split(" ")
    if len(parts) != 2 or not parts[0]:
        raise CheckpointError("a signature line holds a key name and a signature")
    try:
        return parts[0], b64decode_strict(parts[1], "the note signature")
    except KeyFormatError as exc:
        raise CheckpointError(str(exc)) from None


def sign_checkpoint(checkpoint: Checkpoint, signer: Signer) -> str:
    return sign_note(checkpoint.body(), signer)


def verify_checkpoint(note: str, verifier: Verifier) -> Checkpoint:
    """The checkpoint a signed note holds, after checking the signature."""
    return Checkpoint.parse(open_note(note, verifier))
