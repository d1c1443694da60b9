"""Warranty terms by work category, counted from completion acceptance (条例 Art. 40, 80号令 Art. 7)."""

import datetime as dt

import pytest

from responsibility.warranty import RESPONSIBLE_ROLES, WorkCategory, lifetime_until, warranty_for

COMPLETED = dt.date(2022, 6, 10)


@pytest.mark.parametrize(
    ("category", "last_day"),
    [
        ("roof_waterproofing", dt.date(2027, 6, 9)),
        ("wet_room_waterproofing", dt.date(2027, 6, 9)),
        ("exterior_wall_seepage", dt.date(2027, 6, 9)),
        ("electrical", dt.date(2024, 6, 9)),
        ("plumbing", dt.date(2024, 6, 9)),
        ("equipment", dt.date(2024, 6, 9)),
        ("decoration", dt.date(2024, 6, 9)),
        ("foundation", dt.date(2072, 6, 10)),  # the design life: the same end as lifetime responsibility
        ("main_structure", dt.date(2072, 6, 10)),
    ],
)
def test_the_last_day_of_each_term_and_the_day_after(category, last_day):
    warranty = warranty_for(category, COMPLETED, 50)
    assert warranty.expires_on == last_day
    assert warranty.covers(last_day) is True
    assert warranty.covers(last_day + dt.timedelta(days=1)) is False
    assert warranty.covers(COMPLETED) is True
    assert warranty.covers(COMPLETED - dt.timedelta(days=1)) is False


def test_heating_and_cooling_run_two_whole_seasons_after_completion():
    # Completed 2022-06-10, inside the 2022 cooling season: it does not count.
    # Cooling seasons 2023 and 2024 end 2024-09-30; heating seasons 2022/23 and 2023/24 end 2024-03-15.
    warranty = warranty_for("heating_cooling", COMPLETED, 50)
    assert warranty.expires_on == dt.date(2024, 9, 30)
    assert warranty.covers(dt.date(2024, 9, 30)) and not warranty.covers(dt.date(2024, 10, 1))


def test_heating_seasons_that_cross_the_new_year(settings):
    settings.WARRANTY_COOLING_SEASON_START, settings.WARRANTY_COOLING_SEASON_END = "06-01", "06-02"
    # Completed in December, inside the 2022/23 heating season: seasons 2023/24 and 2024/25 count.
    warranty = warranty_for("heating_cooling", dt.date(2022, 12, 1), 50)
    assert warranty.expires_on == dt.date(2025, 3, 15)


def test_other_work_has_no_statutory_term():
    warranty = warranty_for("other", COMPLETED, 50)
    assert warranty.expires_on is None and warranty.covers(COMPLETED) is None


def test_before_completion_there_is_no_warranty_yet():
    assert warranty_for("electrical", None, 50).covers(dt.date(2024, 1, 1)) is None


def test_a_leap_day_completion():
    assert warranty_for("electrical", dt.date(2024, 2, 29), 50).expires_on == dt.date(2026, 2, 27)
    assert lifetime_until(dt.date(2024, 2, 29), 50) == dt.date(2074, 2, 28)


def test_structure_answers_to_all_five_parties_finishes_not_to_the_survey():
    assert set(RESPONSIBLE_ROLES["main_structure"]) == {"owner", "surveyor", "designer", "contractor", "supervisor"}
    assert "surveyor" not in RESPONSIBLE_ROLES["decoration"]
    assert set(RESPONSIBLE_ROLES) == set(WorkCategory.values)
