"""Settings for the test suite: a throw-away data directory and a fast password hasher."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("POLEMICA_HOME", tempfile.mkdtemp(prefix="polemica-test-"))

from polemica.web.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
