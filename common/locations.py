"""Location paths inside a unit project: `5F/columns/C-3`.

Two records concern the same place when either path is a prefix of the
other, segment by segment (`5F` covers `5F/columns/C-3`; `5F/columns/C-30`
is not inside `5F/columns/C-3`). Paths are stored normalised, and as a key
with a trailing slash, so both directions are index lookups:
`key LIKE 'query/%'` (below) and `key IN (ancestors of query)` (above). The
empty path is the whole unit project; its key '' is an ancestor of every key.

Domain-free and shared: materials (usages), inspections (records, covering) and the
defects trace all ask the same question the same way.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

MAX_SEGMENTS = 12
MAX_LENGTH = 255
_SEPARATORS = re.compile(r"[/\\|>]+")


def normalize_location(value: str, *, required: bool = True) -> str:
    """Half-width, trimmed segments, single slashes, no leading or trailing slash."""
    text = unicodedata.normalize("NFKC", value or "")
    segments = [" ".join(part.split()) for part in _SEPARATORS.split(text)]
    segments = [s for s in segments if s]
    path = "/".join(segments)
    if not path:
        if required:
            raise ValidationError(_("Give the location, e.g. 5F/柱/C-3."), code="location_required")
        return ""
    if len(segments) > MAX_SEGMENTS:
        raise ValidationError(_("A location has at most %(n)d levels.") % {"n": MAX_SEGMENTS}, code="location_too_deep")
    if len(path) > MAX_LENGTH:
        raise ValidationError(
            _("A location has at most %(n)d characters.") % {"n": MAX_LENGTH}, code="location_too_long"
        )
    return path


def location_key(path: str) -> str:
    """The stored key: the normalised path with a trailing slash ('' for the whole unit)."""
    return f"{path}/" if path else ""


def ancestor_keys(path: str) -> list[str]:
    """Keys of the whole unit, the path and every path above it: '', '5F/', '5F/柱/', '5F/柱/C-3/'."""
    parts = path.split("/") if path else []
    return ["", *(location_key("/".join(parts[: i + 1])) for i in range(len(parts)))]


def overlaps(a: str, b: str) -> bool:
    """True when either normalised path is a prefix of the other, by segments."""
    ka, kb = location_key(a), location_key(b)
    return ka.startswith(kb) or kb.startswith(ka)


def overlapping_q(path: str, field: str = "location_key") -> Q:
    """Rows whose location is `path`, lies inside it, or contains it (both directions indexed)."""
    key = location_key(path)
    return Q(**{f"{field}__startswith": key}) | Q(**{f"{field}__in": ancestor_keys(path)})


def covering_q(path: str, field: str = "location_key") -> Q:
    """Rows whose location is `path` or contains it (the path's ancestors, the whole unit included)."""
    return Q(**{f"{field}__in": ancestor_keys(path)})
