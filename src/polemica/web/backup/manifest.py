"""The backup's manifest: format and version, the organizations, counts, and the SHA-256 of
every other file, checked before a restore writes anything."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from polemica.web.backup.tables import BackupError

FORMAT = "polemica-backup"
VERSION = 1
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class OrgEntry:
    """An organization's log: its export directory inside the backup, size and root."""

    id: str
    dir: str
    events: int
    root: str


@dataclass(frozen=True)
class BackupManifest:
    created: str
    orgs: list[OrgEntry]
    counts: dict[str, int]
    files: dict[str, str]

    def encode(self) -> bytes:
        obj = {
            "format": FORMAT,
            "version": VERSION,
            "created": self.created,
            "orgs": [vars(o) for o in self.orgs],
            "counts": self.counts,
            "files": self.files,
        }
        return (json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def read_manifest(path: Path) -> BackupManifest:
    if not path.is_dir():
        raise BackupError(f"{path} is not a directory")
    try:
        obj: Any = json.loads((path / MANIFEST).read_bytes())
    except FileNotFoundError:
        raise BackupError(f"{path} is not a polemica backup (it has no {MANIFEST})") from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise BackupError(f"{MANIFEST} is not valid JSON") from None
    if not isinstance(obj, dict) or obj.get("format") != FORMAT:
        raise BackupError(f"{MANIFEST} does not describe a polemica backup")
    if obj.get("version") != VERSION:
        raise BackupError(
            f"the backup's format version {obj.get('version')!r} is not supported "
            f"(this polemica reads version {VERSION})"
        )
    try:
        return BackupManifest(
            str(obj["created"]),
            [_org(o) for o in obj["orgs"]],
            {str(k): _count(v) for k, v in obj["counts"].items()},
            {_relative(k): _digest(v) for k, v in obj["files"].items()},
        )
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise BackupError(f"{MANIFEST} is malformed ({exc})") from None


def _org(obj: Any) -> OrgEntry:
    entry = OrgEntry(str(obj["id"]), _relative(obj["dir"]), _count(obj["events"]), str(obj["root"]))
    if not entry.id:
        raise ValueError("an organization has no id")
    return entry


def _count(value: Any) -> int:
    if type(value) is not int or value < 0:
        raise ValueError(f"{value!r} is not a count")
    return value


def _digest(value: Any) -> str:
    if not isinstance(value, str) or len(value) != 64 or value.strip("0123456789abcdef"):
        raise ValueError(f"{value!r} is not a SHA-256")
    return value


def _relative(name: Any) -> str:
    """A path inside the backup: relative, without `..`, in its plain form."""
    pure = PurePosixPath(str(name))
    if pure.is_absolute() or ".." in pure.parts or str(pure) != name or name in ("", "."):
        raise ValueError(f"{name!r} is not a path inside the backup")
    return str(name)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def listed_files(root: Path) -> dict[str, Path]:
    """Every file under `root` but the manifest, by its path relative to `root`."""
    out = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() or path.is_symlink():
            name = path.relative_to(root).as_posix()
            if name != MANIFEST:
                out[name] = path
    return out


def check_files(root: Path, manifest: BackupManifest) -> None:
    """Every file the manifest lists is there with its SHA-256, and no other file is."""
    present = listed_files(root)
    for name, digest in sorted(manifest.files.items()):
        path = present.get(name)
        if path is None:
            raise BackupError(f"the backup lacks {name}, which its manifest lists")
        if path.is_symlink() or sha256_of(path) != digest:
            raise BackupError(
                f"{name} does not match its SHA-256 in the manifest (altered or truncated)"
            )
    for name in present:
        if name not in manifest.files:
            raise BackupError(f"{name} is in the backup but not in its manifest")
