"""docs/voting-methods.md documents every registered method and its options."""

from __future__ import annotations

from pathlib import Path

import pytest

from polemica.decide import METHODS
from tests.docs.test_documented import section

DOC = Path(__file__).resolve().parents[2] / "docs" / "voting-methods.md"


@pytest.mark.parametrize("name", sorted(METHODS))
def test_every_registered_method_has_a_section(name: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    body = section(text, f"`{name}`")
    assert len(body.split()) >= 8, f"{name} is documented too briefly"


@pytest.mark.parametrize("option", sorted({o for m in METHODS.values() for o in m.options}))
def test_every_option_is_named(option: str) -> None:
    assert f"`{option}`" in DOC.read_text(encoding="utf-8")
