"""Streaming JSON Lines reading and writing of events, in constant memory.

A reader yields events one at a time and raises `EventFormatError` at the first malformed line;
callers that store what they read (importers, `log build`) write to a temporary place and commit
only when the whole file has been read, so a bad file never leaves half an import behind.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, Any, cast

from polemica.events.atomic import publish
from polemica.events.canonical import canonical_json
from polemica.events.errors import EventFormatError
from polemica.events.model import Event
from polemica.events.validate import parse_event


def _open_text(path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", newline="\n")
    return open(path, encoding="utf-8", newline="\n")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def iter_jsonl(
    source: str | os.PathLike[str] | IO[str],
    *,
    contiguous: bool = True,
    name: str | None = None,
) -> Iterator[Event]:
    """Yield the events of a JSON Lines file (`.gz` allowed), validating each line.

    With `contiguous`, `seq` must start at 1 and increase by one, as in a log.
    Blank lines are skipped. Errors name the file, the line, the field and the reason.
    """
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        label = name or path.name
        try:
            stream = _open_text(path)
        except OSError as exc:
            raise EventFormatError(
                f"cannot be read ({exc.strerror or exc})", source=label
            ) from None
        with stream:
            yield from _iter_stream(stream, label, contiguous)
    else:
        yield from _iter_stream(source, name or "input", contiguous)


def _iter_stream(stream: IO[str], label: str, contiguous: bool) -> Iterator[Event]:
    expected = 1
    lineno = 0
    try:
        for lineno, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line, parse_constant=_reject_constant)
            except (json.JSONDecodeError, ValueError) as exc:
                reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
                raise EventFormatError(
                    f"is not valid JSON ({reason})", line=lineno, source=label
                ) from None
            try:
                event = parse_event(obj)
            except EventFormatError as exc:
                raise exc.located(line=lineno, source=label) from None
            if contiguous and event.seq != expected:
                raise EventFormatError(
                    f"seq is {event.seq} where {expected} was expected (seq counts 1, 2, 3… without gaps)",
                    line=lineno,
                    field="seq",
                    source=label,
                )
            expected = event.seq + 1
            yield event
    except UnicodeDecodeError as exc:
        raise EventFormatError(
            f"is not UTF-8 ({exc.reason})", line=lineno + 1, source=label
        ) from None


def read_events(source: str | os.PathLike[str], *, contiguous: bool = True) -> list[Event]:
    """The whole file, or an error: never a partial list."""
    return list(iter_jsonl(source, contiguous=contiguous))


class JsonlWriter:
    """Write events as canonical JSON Lines; the file appears only when closed without error."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        self._tmp = Path(tmp)
        raw: IO[bytes] = os.fdopen(fd, "wb")
        self._out: IO[bytes] = (
            cast(IO[bytes], gzip.GzipFile(fileobj=raw, mode="wb"))
            if self.path.suffix == ".gz"
            else raw
        )
        self._raw = raw
        self.count = 0

    def write(self, event: Event | dict[str, Any]) -> None:
        obj = event.to_dict() if isinstance(event, Event) else event
        self._out.write(canonical_json(obj) + b"\n")
        self.count += 1

    def write_all(self, events: Iterable[Event | dict[str, Any]]) -> None:
        for event in events:
            self.write(event)

    def close(self) -> None:
        if self._out is not self._raw:
            self._out.close()
        self._raw.close()
        publish(self._tmp, self.path)

    def abort(self) -> None:
        if self._out is not self._raw:
            self._out.close()
        self._raw.close()
        self._tmp.unlink(missing_ok=True)

    def __enter__(self) -> JsonlWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def write_jsonl(path: str | os.PathLike[str], events: Iterable[Event | dict[str, Any]]) -> int:
    """Write all `events` to `path` atomically; return how many."""
    with JsonlWriter(path) as writer:
        writer.write_all(events)
        return writer.count
