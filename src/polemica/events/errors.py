"""The one error every reader of the event format raises."""

from __future__ import annotations


class EventFormatError(ValueError):
    """A malformed event: where it is (line or row), which field, and why.

    The message is one sentence a person can act on, e.g.
    ``events.jsonl line 12, field data.type: 'rant' is not a contribution type``.
    """

    def __init__(
        self,
        reason: str,
        *,
        line: int | None = None,
        field: str | None = None,
        source: str | None = None,
        unit: str = "line",
    ) -> None:
        self.reason = reason
        self.line = line
        self.field = field
        self.source = source
        self.unit = unit
        super().__init__(self._message())

    def _message(self) -> str:
        where = []
        if self.source:
            where.append(self.source)
        if self.line is not None:
            where.append(f"{self.unit} {self.line}")
        head = " ".join(where)
        if self.field:
            head = f"{head}, field {self.field}" if head else f"field {self.field}"
        return f"{head}: {self.reason}" if head else self.reason

    def located(self, *, line: int | None = None, source: str | None = None) -> EventFormatError:
        """The same error with its position filled in (readers know it, validators do not)."""
        return EventFormatError(
            self.reason,
            line=self.line if line is None else line,
            field=self.field,
            source=self.source if source is None else source,
            unit=self.unit,
        )
