"""The random draw of 双随机、一公开, as a pure function of its seed and pools.

ALGORITHM "qrr-draw-v1": a `random.Random` seeded with the text
"qrr-draw-v1:<seed>" (Python seeds text through SHA-512, the same on every
platform and version since 3.2); both pools sorted ascending; the number of
projects is ceil(share × pool size), at least one; projects are
`sample`d from the project pool, then, for each drawn project in drawn
order, `inspectors_per_check` inspectors are `sample`d from the inspector
pool. Recorded with each draw, so a published draw can be recomputed.
"""

from __future__ import annotations

import math
import random
from decimal import Decimal

ALGORITHM = "qrr-draw-v1"


def project_count(share: Decimal | float, pool_size: int) -> int:
    if pool_size == 0:
        return 0
    return max(1, min(pool_size, math.ceil(Decimal(str(share)) * pool_size)))


def draw(
    seed: str, project_pool: list[int], inspector_pool: list[int], share: Decimal | float, inspectors_per_check: int
) -> list[tuple[int, list[int]]]:
    """[(project id, [roster ids])] in drawn order; the same inputs always give the same result."""
    rng = random.Random(f"{ALGORITHM}:{seed}")  # noqa: S311 - reproducible by design, published with its seed
    projects = sorted(project_pool)
    inspectors = sorted(inspector_pool)
    chosen = rng.sample(projects, project_count(share, len(projects)))
    return [(project, rng.sample(inspectors, inspectors_per_check)) for project in chosen]
