import pytest

from tests.factories.inspections import started_site


@pytest.fixture
def site(world):
    """The world's project under construction, with five signed leads, an engineer and QC staff."""
    return started_site(world)
