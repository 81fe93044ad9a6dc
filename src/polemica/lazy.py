"""Package namespaces that import a name's module only when the name is first used.

A command's usage text, a key check or the listing of commands must not pay for numpy, the C
module or scikit-learn (issue 16; tests/cli/test_startup.py guards the import list), yet callers
keep writing `from polemica.ledger import FileLog`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_names(package: str, where: dict[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` for `package` that finds each name in `where[name]`'s module."""

    def __getattr__(name: str) -> Any:
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(where[name]), name)
        setattr(importlib.import_module(package), name, value)
        return value

    return __getattr__
