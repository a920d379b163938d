"""Every error policykg raises on purpose, in one hierarchy: its message names the input and says
what to do, and its class says what it means to a caller. The API turns any of them into its HTTP
status (api/errors.py) and the CLI into its exit code (policykg/cli.py), each in one place."""

from __future__ import annotations

from typing import Any


class PolicyKGError(Exception):
    """An error with a message for the user. `status` is its HTTP status, `exit_code` the CLI's, and
    `retry_after` (seconds) is set when trying again later may work."""

    status = 500
    exit_code = 1
    retry_after: int | None = None

    def detail(self) -> str | dict[str, Any]:
        """What an API answer says about it."""
        return str(self)


class BadInput(PolicyKGError, ValueError):
    """The caller's input cannot be used: a file, a parameter, a term or a query."""

    status = 422
    exit_code = 2


class Refused(PolicyKGError, PermissionError):
    """A request this server will not run (a write through a read-only door)."""

    status = 403
    exit_code = 2


class NotFound(PolicyKGError, LookupError):
    """No such entity, page or file."""

    status = 404
    exit_code = 2


class TooLarge(PolicyKGError):
    """An input over a cap: too big, or too long to work on within the deadline."""

    status = 413
    exit_code = 2


class Unavailable(PolicyKGError, RuntimeError):
    """Something policykg needs is missing or does not answer: a store, a model, a tool."""

    status = 503
    exit_code = 2
    retry_after = 30


class Busy(Unavailable):
    """Every worker is busy; a moment later one may be free."""

    retry_after = 5


class TimedOut(PolicyKGError, TimeoutError):
    """Work that ran past its deadline and was stopped."""

    status = 504
    exit_code = 1
