import datetime as dt

import pytest

from markaz.mentoring.availability import common_spans, covers

UTC = dt.UTC
MONDAY_EVENING = [[0, 18 * 60, 20 * 60]]  # Monday 18:00–20:00 local
SUNDAY_MORNING = [[6, 9 * 60, 12 * 60]]


def at(*args):
    return dt.datetime(*args, tzinfo=UTC)


def test_a_lisbon_evening_is_an_hour_earlier_in_utc_in_summer():
    # Winter (UTC+0): 18:00 local is 18:00 UTC.
    assert covers(MONDAY_EVENING, "Europe/Lisbon", at(2026, 1, 12, 18), at(2026, 1, 12, 19))
    assert not covers(MONDAY_EVENING, "Europe/Lisbon", at(2026, 1, 12, 17), at(2026, 1, 12, 18))
    # Summer (UTC+1): 18:00 local is 17:00 UTC, and 19:30 UTC is already 20:30 local.
    assert covers(MONDAY_EVENING, "Europe/Lisbon", at(2026, 7, 13, 17), at(2026, 7, 13, 18))
    assert not covers(
        MONDAY_EVENING, "Europe/Lisbon", at(2026, 7, 13, 18, 30), at(2026, 7, 13, 19, 30)
    )


def test_the_day_the_clocks_change_uses_that_days_offset():
    # Lisbon moves to summer time at 01:00 UTC on Sunday 29 March 2026.
    assert covers(SUNDAY_MORNING, "Europe/Lisbon", at(2026, 3, 29, 8), at(2026, 3, 29, 11))
    assert not covers(SUNDAY_MORNING, "Europe/Lisbon", at(2026, 3, 29, 11), at(2026, 3, 29, 12))
    # A week earlier (winter time) the same window is 09:00–12:00 UTC.
    assert covers(SUNDAY_MORNING, "Europe/Lisbon", at(2026, 3, 22, 11), at(2026, 3, 22, 12))


def test_a_session_may_span_two_adjacent_windows_but_not_a_gap():
    windows = [[0, 18 * 60, 19 * 60], [0, 19 * 60, 20 * 60], [0, 21 * 60, 22 * 60]]
    assert covers(windows, "UTC", at(2026, 1, 12, 18, 30), at(2026, 1, 12, 19, 30))
    assert not covers(windows, "UTC", at(2026, 1, 12, 19, 30), at(2026, 1, 12, 21, 30))


def test_a_window_ending_at_midnight_joins_the_next_days_window():
    windows = [[0, 23 * 60, 1440], [1, 0, 60]]
    assert covers(windows, "Asia/Amman", at(2026, 1, 12, 20, 30), at(2026, 1, 12, 21, 30))


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="aware"):
        naive = at(2026, 1, 12, 18).replace(tzinfo=None)
        covers(MONDAY_EVENING, "UTC", naive, naive + dt.timedelta(hours=1))


def test_common_spans_follow_both_sides_across_the_european_change():
    amman = ([[0, 19 * 60, 23 * 60]], "Asia/Amman")  # UTC+3 all year
    lisbon = ([[0, 18 * 60, 20 * 60]], "Europe/Lisbon")
    before = common_spans(amman, lisbon, at(2026, 3, 23), at(2026, 3, 24))
    after = common_spans(amman, lisbon, at(2026, 3, 30), at(2026, 3, 31))
    # Amman 16:00–20:00 UTC; Lisbon 18:00–20:00 UTC in winter, 17:00–19:00 UTC in summer.
    assert before == [(at(2026, 3, 23, 18), at(2026, 3, 23, 20))]
    assert after == [(at(2026, 3, 30, 17), at(2026, 3, 30, 19))]
    assert common_spans(amman, lisbon, at(2026, 3, 30), at(2026, 3, 31), minutes=180) == []
