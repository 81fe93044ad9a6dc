"""Settings for the test suite: a throw-away data directory and a fast password hasher.

The data directory is chosen here, after the base settings were imported (importing this module
imports its package first, so setting POLEMICA_HOME from here would come too late): every test
run, and every xdist worker, gets its own directory and its own SQLite test database.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from polemica.web.settings import *  # noqa: F403
from polemica.web.settings import DATABASES

HOME = Path(tempfile.mkdtemp(prefix="polemica-test-"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["NAME"] = str(HOME / "polemica.sqlite3")
    DATABASES["default"]["TEST"] = {"NAME": str(HOME / "test.sqlite3")}
STATIC_ROOT = str(HOME / "static")
FILE_STORE = HOME / "files"

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
