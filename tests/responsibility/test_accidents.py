"""Quality-accident grades by 建质〔2010〕111号: 以上 includes the number, 以下 excludes it."""

from decimal import Decimal

import pytest

from responsibility.accidents import accident_grade


@pytest.mark.parametrize(
    ("deaths", "injuries", "loss", "grade"),
    [
        (30, 0, 0, "particularly_serious"),
        (29, 0, 0, "serious"),
        (0, 100, 0, "particularly_serious"),
        (0, 99, 0, "serious"),
        (0, 0, Decimal("100000000"), "particularly_serious"),
        (0, 0, Decimal("99999999.99"), "serious"),
        (10, 0, 0, "serious"),
        (9, 0, 0, "larger"),
        (0, 50, 0, "serious"),
        (0, 49, 0, "larger"),
        (0, 0, Decimal("50000000"), "serious"),
        (3, 0, 0, "larger"),
        (2, 0, 0, "ordinary"),
        (0, 10, 0, "larger"),
        (0, 9, 0, "ordinary"),
        (0, 0, Decimal("10000000"), "larger"),
        (0, 0, Decimal("1000000"), "ordinary"),
        (0, 0, Decimal("999999.99"), "below_threshold"),
        (0, 0, 0, "below_threshold"),
        (1, 0, Decimal("60000000"), "serious"),  # the most severe measure decides
    ],
)
def test_grades(deaths, injuries, loss, grade):
    assert accident_grade(deaths, injuries, loss) == grade
