"""The errors actions and queries raise; the API turns each into a JSON answer with its status."""

from __future__ import annotations


class PlatformError(Exception):
    """A refusal a person can act on; `status` is the HTTP status the API answers with."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class Invalid(PlatformError):
    """The request is well-formed but breaks a rule of the process (wrong phase, bad target…)."""

    status = 400


class NotAuthenticated(PlatformError):
    status = 401


class Forbidden(PlatformError):
    """The thing exists and the person may see it, but may not do this to it."""

    status = 403


class NotFound(PlatformError):
    """Missing, or hidden from this person: both answer the same, so nothing leaks."""

    status = 404

    def __init__(self, what: str) -> None:
        super().__init__(f"{what} not found")


class Conflict(PlatformError):
    status = 409


class TooManyAttempts(PlatformError):
    """Refused for a while (too many failed sign-ins); `retry_after` is in seconds."""

    status = 429

    def __init__(self, message: str, *, retry_after: int, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.retry_after = retry_after
