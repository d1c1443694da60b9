"""Exceptions that services raise and every front end (API, pages, commands) maps.

- `django.core.exceptions.ValidationError`: the input is wrong (API 400, form error).
- `Conflict`: the input is fine but a domain rule forbids the change now (API 409).
- `django.core.exceptions.PermissionDenied`: the user may see the object but not do this (403).
"""

from __future__ import annotations


class Conflict(Exception):
    """A domain rule forbids this transition now; nothing was changed.

    `code` is a stable machine-readable identifier (API clients switch on it);
    `message` is translated for people; `problems` lists every unmet condition
    when a gate checks several at once.
    """

    def __init__(self, message: str, *, code: str, problems: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.problems = list(problems or [])

    def __str__(self) -> str:
        if self.problems:
            return f"{self.message} {'; '.join(str(p) for p in self.problems)}"
        return str(self.message)
