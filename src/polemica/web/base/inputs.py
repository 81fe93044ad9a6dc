"""Bad text refused at the door: every string a request carries, checked once, by its field.

What no database stores (a NUL, a lone surrogate: `polemica.events.text`) and what is longer
than its field allows are refused before any view runs, naming the field, so nothing reaches
a query or the record and both databases answer alike. The limits are by the field's name,
the same whether it comes in a JSON body, a form, a query string or a path; the API's schemas
hold the same numbers (docs/platform.md lists them).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from polemica.events.text import strings, text_problem
from polemica.web.base.schemas import (
    ID_MAX,
    NAME_MAX,
    REASON_MAX,
    TEXT_MAX,
    TITLE_MAX,
    URI_MAX,
    WORD_MAX,
)

PASSWORD_MAX = 200
RECEIPT_MAX = 1_000_000  # a pasted receipt: the event, its proof and the checkpoint
DEFAULT_MAX = 2000  # a field not named below (ids of unknown names, numbers as text, …)
HEADER_MAX = 500

# The most characters each field may hold, by the last named part of its path.
LIMITS: Mapping[str, int] = {
    **dict.fromkeys(("text", "claim", "reasoning"), TEXT_MAX),
    "title": TITLE_MAX,
    **dict.fromkeys(("name", "new"), NAME_MAX),
    "reason": REASON_MAX,
    "q": 200,
    **dict.fromkeys(
        (
            "type",
            "phase",
            "verdict",
            "role",
            "level",
            "method",
            "kind",
            "visibility",
            "stance",
            "due",
            "language",
            "read",
            "move_phase",
            "decide",
        ),
        WORD_MAX,
    ),
    "username": 150,
    **dict.fromkeys(
        ("password", "password2", "old_password", "new_password1", "new_password2"),
        PASSWORD_MAX,
    ),
    **dict.fromkeys(("uri", "next"), URI_MAX),
    "receipt": RECEIPT_MAX,
    **dict.fromkeys(
        (
            # ids: every id the platform makes is shorter (record models: 64 characters)
            "org",
            "org_id",
            "body",
            "body_id",
            "from_body",
            "parent",
            "question",
            "question_id",
            "contribution",
            "contribution_id",
            "fact",
            "fact_id",
            "decision",
            "decision_id",
            "directive",
            "directive_id",
            "feedback",
            "feedback_id",
            "member",
            "entity",
            "delegation",
            "target",
            "amend",
            "regarding",
            "for",
            "to",
            "cites",
            "left_unanswered",
            "choice",
            "approve",
            "ranking",
            "statement",
            "sha",
            "sha256",
            "token",
            "seq",
            "limit",
            "offset",
            "after",
            "page",
        ),
        ID_MAX,
    ),
    "path": 300,  # a static file's path
}
# Form fields numbered per slot (the fact form's sources): their name without the number.
PREFIXES = (("source_title_", TITLE_MAX), ("source_uri_", URI_MAX), ("source_file_", NAME_MAX))


@dataclass(frozen=True, slots=True)
class BadInput:
    """The first refused value of a request: which field, and why."""

    field: str
    reason: str

    @property
    def message(self) -> str:
        return f"{self.field} {self.reason}"


def limit_of(path: str) -> int:
    """The limit of the field at `path` (`sources.0.title` → title's)."""
    for part in reversed(path.split(".")):
        if part and not part.isdigit():
            if part in LIMITS:
                return LIMITS[part]
            for prefix, most in PREFIXES:
                if part.startswith(prefix):
                    return most
            return DEFAULT_MAX
    return DEFAULT_MAX


def check(path: str, value: str, limit: int | None = None) -> BadInput | None:
    """Why the string `value` at `path` is refused, or None."""
    reason = text_problem(value)
    if reason is None:
        most = limit_of(path) if limit is None else limit
        if len(value) > most:
            reason = f"is longer than {most} characters ({len(value)})"
    return None if reason is None else BadInput(path or "request", reason)


def check_json(value: Any, where: str = "") -> BadInput | None:
    """The first refused string of a decoded JSON value (object keys are checked as text)."""
    for path, text in strings(value, where):
        bad = check(path, text)
        if bad is not None:
            return bad
    return None


def check_pairs(pairs: Iterable[tuple[str, str]]) -> BadInput | None:
    """Form fields, query parameters or path parameters: (name, value) pairs."""
    for name, value in pairs:
        bad = check(name, name, DEFAULT_MAX) or check(name, value)
        if bad is not None:
            return bad
    return None


_UNPARSED = object()


def parse_json_body(body: bytes) -> Any:
    """The decoded JSON of a request body, or `UNPARSED` when it is not JSON (the API then
    answers its own 422)."""
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return _UNPARSED


UNPARSED = _UNPARSED
