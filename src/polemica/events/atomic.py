"""Publishing a finished temporary file under its final name."""

from __future__ import annotations

import os
from pathlib import Path


def _umask() -> int:
    # os.umask can only be read by setting it; set it straight back.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def publish(tmp: Path, path: Path) -> None:
    """Give `tmp` the permissions a newly created file would have (mkstemp makes it 0600) and
    move it to `path` in one step, so readers see the whole file or none of it."""
    os.chmod(tmp, 0o666 & ~_umask())
    os.replace(tmp, path)
