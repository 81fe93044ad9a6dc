"""Ledger fixtures: signing keys in a temporary home, a log built from the small world."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from polemica.events.world import small_world
from polemica.ledger.build import build_log
from polemica.ledger.keys import Signer


@pytest.fixture(autouse=True)
def key_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("POLEMICA_HOME", str(home))
    return home


@pytest.fixture(scope="module")
def signer() -> Signer:
    return Signer.generate("polemica/org-1")


@pytest.fixture(scope="module")
def world_log(tmp_path_factory: pytest.TempPathFactory, signer: Signer) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("world") / "log"
    build_log(small_world(), path, signer)
    yield path
