"""Demo data for inspections (filled in below)."""


def register() -> None:
    pass
