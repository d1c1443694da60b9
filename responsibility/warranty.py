"""Warranty terms and the lifetime window (domain.md §2, §5; 条例 Art. 40, 建设部令第80号 Art. 7-8).

Pure functions: no database. The warranty runs from the day completion acceptance
passed (竣工验收合格之日). Minimum terms by work category:

- foundation and main structure: the design service life (设计使用年限)
- roof waterproofing, wet-room waterproofing, exterior-wall seepage: 5 years
- heating and cooling: 2 heating seasons / 2 cooling seasons
- electrical, plumbing, equipment installation, decoration: 2 years
- other: as agreed by owner and contractor (no statutory minimum: no computed term)

Heating and cooling seasons are counted as whole seasons after completion; a
season in progress on the completion day does not count. The season end dates
are settings (WARRANTY_HEATING_SEASON_END, WARRANTY_COOLING_SEASON_END) because
they differ by climate zone; a system that both heats and cools is covered until
the later of the two second-season ends.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkCategory(models.TextChoices):
    FOUNDATION = "foundation", _("foundation (地基基础)")
    MAIN_STRUCTURE = "main_structure", _("main structure (主体结构)")
    ROOF_WATERPROOFING = "roof_waterproofing", _("roof waterproofing (屋面防水)")
    WET_ROOM_WATERPROOFING = "wet_room_waterproofing", _("wet-room waterproofing (有防水要求的卫生间、房间)")
    EXTERIOR_WALL_SEEPAGE = "exterior_wall_seepage", _("exterior-wall seepage (外墙面防渗漏)")
    HEATING_COOLING = "heating_cooling", _("heating and cooling (供热与供冷系统)")
    ELECTRICAL = "electrical", _("electrical (电气管线)")
    PLUMBING = "plumbing", _("plumbing (给排水管道)")
    EQUIPMENT = "equipment", _("equipment installation (设备安装)")
    DECORATION = "decoration", _("decoration (装修工程)")
    OTHER = "other", _("other (其他)")


FIVE_YEARS = {WorkCategory.ROOF_WATERPROOFING, WorkCategory.WET_ROOM_WATERPROOFING, WorkCategory.EXTERIOR_WALL_SEEPAGE}
TWO_YEARS = {WorkCategory.ELECTRICAL, WorkCategory.PLUMBING, WorkCategory.EQUIPMENT, WorkCategory.DECORATION}
DESIGN_LIFE = {WorkCategory.FOUNDATION, WorkCategory.MAIN_STRUCTURE}


@dataclass(frozen=True)
class Warranty:
    category: str
    starts_on: dt.date | None  # completion acceptance; None while the project is not completed
    expires_on: dt.date | None  # last day covered; None: no statutory term (other) or not completed
    term: str  # human description of the term, e.g. "5 years"

    def covers(self, day: dt.date) -> bool | None:
        """True/False, or None when the question has no answer (not completed, no term)."""
        if self.starts_on is None or self.expires_on is None:
            return None
        return self.starts_on <= day <= self.expires_on


def add_years(day: dt.date, years: int) -> dt.date:
    """Same month and day `years` later; 29 February falls back to 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def last_day_of_term(start: dt.date, years: int) -> dt.date:
    """A term of N years from `start` covers up to the day before the anniversary."""
    return add_years(start, years) - dt.timedelta(days=1)


def _month_day(value: str) -> tuple[int, int]:
    month, day = value.split("-")
    return int(month), int(day)


def _second_season_end(completed_on: dt.date, season_end: str, season_start: str) -> dt.date:
    """End of the second whole season that begins after `completed_on`."""
    start_m, start_d = _month_day(season_start)
    end_m, end_d = _month_day(season_end)
    first_start = dt.date(completed_on.year, start_m, start_d)
    if first_start <= completed_on:
        first_start = dt.date(completed_on.year + 1, start_m, start_d)
    second_start = dt.date(first_start.year + 1, start_m, start_d)
    # Seasons crossing the new year (heating: November to March) end in the next year.
    end_year = second_start.year + (1 if (end_m, end_d) < (start_m, start_d) else 0)
    return dt.date(end_year, end_m, end_d)


def warranty_for(category: str, completed_on: dt.date | None, design_service_life_years: int) -> Warranty:
    """The statutory minimum warranty of a work category for a project."""
    category = WorkCategory(category)
    if category in DESIGN_LIFE:
        term = _("design service life (%(years)s years)") % {"years": design_service_life_years}
        # The same end as lifetime responsibility (Project.lifetime_until), so the two never disagree.
        expires = lifetime_until(completed_on, design_service_life_years)
    elif category in FIVE_YEARS:
        term = _("5 years")
        expires = last_day_of_term(completed_on, 5) if completed_on else None
    elif category in TWO_YEARS:
        term = _("2 years")
        expires = last_day_of_term(completed_on, 2) if completed_on else None
    elif category == WorkCategory.HEATING_COOLING:
        term = _("2 heating seasons / 2 cooling seasons")
        expires = (
            max(
                _second_season_end(
                    completed_on, settings.WARRANTY_HEATING_SEASON_END, settings.WARRANTY_HEATING_SEASON_START
                ),
                _second_season_end(
                    completed_on, settings.WARRANTY_COOLING_SEASON_END, settings.WARRANTY_COOLING_SEASON_START
                ),
            )
            if completed_on
            else None
        )
    else:
        return Warranty(category, completed_on, None, str(_("as agreed by owner and contractor")))
    return Warranty(category, completed_on, expires, str(term))


def lifetime_until(completed_on: dt.date | None, design_service_life_years: int) -> dt.date | None:
    """The end of lifetime responsibility: completion + design service life (124号 Art. 3)."""
    return add_years(completed_on, design_service_life_years) if completed_on else None


#: Which of the five parties answer for work of a category (124号 Arts. 11-14; 条例 Arts. 16-37).
#: Survey answers for the ground; design for everything it specified; contractor and supervisor
#: for everything built and accepted; the owner for organising and accepting the whole.
RESPONSIBLE_ROLES: dict[str, tuple[str, ...]] = {
    WorkCategory.FOUNDATION: ("surveyor", "designer", "contractor", "supervisor", "owner"),
    WorkCategory.MAIN_STRUCTURE: ("surveyor", "designer", "contractor", "supervisor", "owner"),
    WorkCategory.ROOF_WATERPROOFING: ("designer", "contractor", "supervisor", "owner"),
    WorkCategory.WET_ROOM_WATERPROOFING: ("designer", "contractor", "supervisor", "owner"),
    WorkCategory.EXTERIOR_WALL_SEEPAGE: ("designer", "contractor", "supervisor", "owner"),
    WorkCategory.HEATING_COOLING: ("designer", "contractor", "supervisor", "owner"),
    WorkCategory.ELECTRICAL: ("designer", "contractor", "supervisor", "owner"),
    WorkCategory.PLUMBING: ("designer", "contractor", "supervisor", "owner"),
    WorkCategory.EQUIPMENT: ("designer", "contractor", "supervisor", "owner"),
    WorkCategory.DECORATION: ("designer", "contractor", "supervisor", "owner"),
    WorkCategory.OTHER: ("surveyor", "designer", "contractor", "supervisor", "owner"),
}
