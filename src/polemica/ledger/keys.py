"""Ed25519 keys in the C2SP signed-note encodings, and where the signing key is kept.

Verifier key: `<name>+<hex key hash>+<base64(0x01 ‖ 32-byte public key)>`.
Signer key file: `PRIVATE+KEY+<name>+<hex key hash>+<base64(0x01 ‖ 32-byte seed)>`.
Key hash: the first 4 bytes of SHA-256(name ‖ "\\n" ‖ 0x01 ‖ public key).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ALG_ED25519 = 0x01
_NAME = re.compile(r"^[^\s+]+$")


class KeyFormatError(ValueError):
    """A key that cannot be read, with the reason."""


def check_name(name: str) -> str:
    if not _NAME.match(name) or not name.isprintable():
        raise KeyFormatError(f"{name!r} is not a key name (no spaces, no '+', not empty)")
    return name


def key_hash(name: str, public: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + bytes([ALG_ED25519]) + public).digest()[:4]


def b64decode_strict(text: str, what: str) -> bytes:
    """Standard base64 that re-encodes to exactly `text` (no ignored bits, no other alphabet)."""
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise KeyFormatError(f"{what} is not valid base64") from None
    if base64.b64encode(raw).decode() != text:
        raise KeyFormatError(f"{what} is not in canonical base64")
    return raw


@dataclass(frozen=True)
class Verifier:
    """A public key with its note name; checks Ed25519 signatures."""

    name: str
    hash: bytes
    public: bytes

    @classmethod
    def parse(cls, text: str) -> Verifier:
        parts = text.strip().split("+", 2)
        if len(parts) != 3:
            raise KeyFormatError("a verifier key has the form name+hash+key")
        name, hexhash, material = parts
        check_name(name)
        if not re.fullmatch(r"[0-9a-f]{8}", hexhash):
            raise KeyFormatError("the verifier key hash must be 8 lowercase hexadecimal digits")
        raw = b64decode_strict(material, "the verifier key")
        if len(raw) != 33 or raw[0] != ALG_ED25519:
            raise KeyFormatError("the verifier key is not an Ed25519 key")
        if key_hash(name, raw[1:]) != bytes.fromhex(hexhash):
            raise KeyFormatError("the verifier key hash does not match its name and key")
        return cls(name, bytes.fromhex(hexhash), raw[1:])

    def text(self) -> str:
        material = base64.b64encode(bytes([ALG_ED25519]) + self.public).decode()
        return f"{self.name}+{self.hash.hex()}+{material}"

    def verify(self, message: bytes, signature: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.public).verify(signature, message)
        except (InvalidSignature, ValueError):
            return False
        return True


class Signer:
    """An Ed25519 private key with its note name."""

    def __init__(self, name: str, seed: bytes) -> None:
        self.name = check_name(name)
        if len(seed) != 32:
            raise KeyFormatError("an Ed25519 seed is 32 bytes")
        self._key = Ed25519PrivateKey.from_private_bytes(seed)
        self._seed = seed
        public = self._key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.verifier = Verifier(name, key_hash(name, public), public)

    @classmethod
    def generate(cls, name: str) -> Signer:
        return cls(name, os.urandom(32))

    @classmethod
    def parse(cls, text: str) -> Signer:
        parts = text.strip().split("+", 4)
        if len(parts) != 5 or parts[:2] != ["PRIVATE", "KEY"]:
            raise KeyFormatError("a signing key has the form PRIVATE+KEY+name+hash+key")
        _, _, name, hexhash, material = parts
        raw = b64decode_strict(material, "the signing key")
        if len(raw) != 33 or raw[0] != ALG_ED25519:
            raise KeyFormatError("the signing key is not an Ed25519 key")
        signer = cls(name, raw[1:])
        if signer.verifier.hash.hex() != hexhash:
            raise KeyFormatError("the signing key hash does not match its name and key")
        return signer

    def text(self) -> str:
        material = base64.b64encode(bytes([ALG_ED25519]) + self._seed).decode()
        return f"PRIVATE+KEY+{self.name}+{self.verifier.hash.hex()}+{material}"

    def sign(self, message: bytes) -> bytes:
        return self._key.sign(message)


def key_dir() -> Path:
    """Where signing keys live by default: $POLEMICA_HOME/keys, else the user's data directory."""
    home = os.environ.get("POLEMICA_HOME")
    if home:
        return Path(home) / "keys"
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "polemica" / "keys"


def default_key_path(name: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", name)
    return key_dir() / f"{safe}.key"


def load_signer(path: Path) -> Signer:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KeyFormatError(
            f"cannot read the signing key {path} ({exc.strerror or exc})"
        ) from None
    return Signer.parse(text)


def load_or_create_signer(name: str, path: Path | None = None) -> Signer:
    """The signing key at `path` (default: per name in key_dir()), created on first use (mode 0600)."""
    path = path or default_key_path(name)
    if path.exists():
        signer = load_signer(path)
        if signer.name != name:
            raise KeyFormatError(f"the key in {path} is named {signer.name!r}, not {name!r}")
        return signer
    signer = Signer.generate(name)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(signer.text() + "\n")
    return signer
