"""Grading quality accidents by 建质〔2010〕111号 (domain.md §8.4).

"以上" includes the stated number, "以下" excludes it. The grade is the most severe
one any of the three measures reaches. Below the 一般 threshold (no death, no serious
injury and a direct loss under 1,000,000 CNY) the event is a quality problem, not an
accident.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccidentGrade(models.TextChoices):
    PARTICULARLY_SERIOUS = "particularly_serious", _("particularly serious (特别重大)")
    SERIOUS = "serious", _("serious (重大)")
    LARGER = "larger", _("larger (较大)")
    ORDINARY = "ordinary", _("ordinary (一般)")
    BELOW_THRESHOLD = "below_threshold", _("below the accident threshold")


# (grade, deaths at least, serious injuries at least, direct loss at least in CNY), most severe first.
THRESHOLDS = [
    (AccidentGrade.PARTICULARLY_SERIOUS, 30, 100, Decimal("100000000")),
    (AccidentGrade.SERIOUS, 10, 50, Decimal("50000000")),
    (AccidentGrade.LARGER, 3, 10, Decimal("10000000")),
    (AccidentGrade.ORDINARY, 1, 1, Decimal("1000000")),
]


def accident_grade(deaths: int, serious_injuries: int, direct_loss: Decimal | int) -> str:
    """The 111号 grade reached by any of the three measures."""
    loss = Decimal(direct_loss)
    for grade, min_deaths, min_injuries, min_loss in THRESHOLDS:
        if deaths >= min_deaths or serious_injuries >= min_injuries or loss >= min_loss:
            return grade
    return AccidentGrade.BELOW_THRESHOLD


#: Who the accident report must reach, by grade (各级上报): 一般 up to the province,
#: 较大 and above up to 住建部.
REPORT_UP_TO = {
    AccidentGrade.PARTICULARLY_SERIOUS: _("Ministry of Housing and Urban-Rural Development (住建部)"),
    AccidentGrade.SERIOUS: _("Ministry of Housing and Urban-Rural Development (住建部)"),
    AccidentGrade.LARGER: _("Ministry of Housing and Urban-Rural Development (住建部)"),
    AccidentGrade.ORDINARY: _("provincial housing and construction department (省级住建主管部门)"),
}
