"""The secret key: from the environment, else generated once and kept under the data directory."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def secret_key(home: Path) -> str:
    env = os.environ.get("POLEMICA_SECRET_KEY")
    if env:
        return env
    path = home / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    home.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(key)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
    return path.read_text().strip()
