"""Progress bars for long work, shown on a terminal and silent in pipes and tests."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from rich.progress import Progress

T = TypeVar("T")


def enabled() -> bool:
    return sys.stderr.isatty()


def _progress() -> Progress:
    # rich takes about 60 ms to import: only when a bar is drawn, never for --help.
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
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


def advancer(bar: Progress | None) -> Callable[[int], None] | None:
    """A callback that moves `bar`'s only task on by n, or None when there is no bar."""
    if bar is None:
        return None
    first = bar.task_ids[0]
    return lambda n: bar.advance(first, n)
