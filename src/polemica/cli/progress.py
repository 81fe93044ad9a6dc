"""Progress bars for long work, shown on a terminal and silent in pipes and tests."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)

T = TypeVar("T")

_console = Console(stderr=True)


def enabled() -> bool:
    return sys.stderr.isatty()


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TimeRemainingColumn(),
        console=_console,
        transient=True,
    )


def track(items: Iterable[T], *, total: int | None, label: str, every: int = 1000) -> Iterator[T]:
    """Yield `items`, advancing a bar every `every` items when stderr is a terminal."""
    if not enabled():
        yield from items
        return
    with _progress() as bar:
        task = bar.add_task(label, total=total)
        pending = 0
        for item in items:
            yield item
            pending += 1
            if pending >= every:
                bar.advance(task, pending)
                pending = 0
        bar.advance(task, pending)


@contextmanager
def task(label: str, total: int | None) -> Iterator[Progress | None]:
    """A bar the caller advances itself (`bar.advance(0, n)`); None when not on a terminal."""
    if not enabled():
        yield None
        return
    with _progress() as bar:
        bar.add_task(label, total=total)
        yield bar
