"""Shared fixtures: the small canonical world as events and as a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from polemica.events import Event, write_jsonl
from polemica.events.world import small_world


@pytest.fixture
def world() -> list[Event]:
    return small_world()


@pytest.fixture
def world_file(tmp_path: Path, world: list[Event]) -> Path:
    path = tmp_path / "world.jsonl"
    write_jsonl(path, world)
    return path
