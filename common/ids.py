"""Row ids from untrusted text (query parameters, path segments, form fields)."""

from __future__ import annotations

#: The largest id a database row can have (a 64-bit integer on PostgreSQL and SQLite).
MAX_ID = 2**63 - 1


def as_id(value) -> int | None:
    """`value` as a row id, or None when it is not a whole number from 1 to MAX_ID.

    Query parameters and path segments are text; a number beyond the database's
    integers must answer 404 or 400, not overflow in the driver.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 1 <= value <= MAX_ID else None
    text = str(value).strip() if value is not None else ""
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None
