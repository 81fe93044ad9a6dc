"""Keys, signed notes and checkpoints against the C2SP / golang.org/x/mod/sumdb/note examples."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from polemica.ledger.checkpoint import (
    Checkpoint,
    CheckpointError,
    open_note,
    sign_checkpoint,
    sign_note,
    verify_checkpoint,
)
from polemica.ledger.keys import (
    KeyFormatError,
    Signer,
    Verifier,
    default_key_path,
    load_or_create_signer,
)

# The example key pair and note of golang.org/x/mod/sumdb/note (data, not code).
VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
SIG = (
    "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZ"
    "b6KE6RyyBwJnAM=\n"
)
NOTE = TEXT + "\n" + SIG


def test_key_encodings_match_the_reference() -> None:
    signer = Signer.parse(SKEY)
    assert signer.text() == SKEY
    assert signer.verifier.text() == VKEY
    assert Verifier.parse(VKEY) == signer.verifier


def test_signature_matches_the_reference_byte_for_byte() -> None:
    assert sign_note(TEXT, Signer.parse(SKEY)) == NOTE
    assert open_note(NOTE, Verifier.parse(VKEY)) == TEXT


def test_a_changed_note_does_not_open() -> None:
    verifier = Verifier.parse(VKEY)
    for bad in [
        NOTE.replace("cryptography", "cryptographY"),
        NOTE.replace("x08go", "y08go"),
        NOTE[:-1],
        TEXT,
    ]:
        with pytest.raises(CheckpointError):
            open_note(bad, verifier)


def test_other_signatures_are_ignored_but_one_by_the_key_is_needed() -> None:
    other = Signer.generate("someone-else")
    both = NOTE + sign_note(TEXT, other).split("\n\n", 1)[1]
    assert open_note(both, Verifier.parse(VKEY)) == TEXT
    with pytest.raises(CheckpointError, match="not signed by"):
        open_note(sign_note(TEXT, other), Verifier.parse(VKEY))


@pytest.mark.parametrize(
    "bad",
    [
        VKEY.replace("c74f20a3", "c74f20a4"),
        VKEY[:-1],
        VKEY + "A",
        VKEY.replace("PeterNeumann", "Peter Neumann"),
        "PeterNeumann+c74f20a3",
        VKEY.replace("ARpc", "Apc"),
    ],
)
def test_mangled_verifier_keys_are_rejected(bad: str) -> None:
    with pytest.raises(KeyFormatError):
        Verifier.parse(bad)


def test_checkpoint_text_and_round_trip() -> None:
    signer = Signer.generate("example.org/log")
    cp = Checkpoint("example.org/log", 8, bytes(range(32)), ("ext line",))
    assert cp.body() == (
        "example.org/log\n8\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\next line\n"
    )
    note = sign_checkpoint(cp, signer)
    assert verify_checkpoint(note, signer.verifier) == cp


@pytest.mark.parametrize(
    "body",
    [
        "origin\n08\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n",
        "origin\n-1\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n",
        "origin\n8\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\n",
        "origin\n8\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh9=\n",
        "origin\n8\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==\n",
        "origin\n8\n",
        "\n8\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n",
    ],
)
def test_malformed_checkpoints_are_rejected(body: str) -> None:
    with pytest.raises(CheckpointError):
        Checkpoint.parse(body)


def test_signing_key_is_created_once_with_mode_0600(key_home: Path) -> None:
    first = load_or_create_signer("polemica/org-9")
    path = default_key_path("polemica/org-9")
    assert path.is_relative_to(key_home)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_or_create_signer("polemica/org-9").verifier == first.verifier
    with pytest.raises(KeyFormatError, match="named"):
        load_or_create_signer("polemica/other", path)
