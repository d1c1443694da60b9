"""Demo data for materials (filled in below)."""

from __future__ import annotations

from typing import Any

from projects import registry


def materials(ctx: dict[str, Any]) -> None:
    return None


def register() -> None:
    registry.register_demo_step("materials", materials, order=400)
