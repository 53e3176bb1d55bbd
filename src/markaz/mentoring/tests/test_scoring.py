import datetime as dt

import pytest

from markaz.mentoring.matching_time import reference_monday, utc_week
from markaz.mentoring.scoring import (
    AFFILIATION_CONFLICT,
    COMPONENTS,
    EXCLUDED,
    MENTEE_FULL,
    MENTOR_FULL,
    NO_SHARED_LANGUAGE,
    MenteeNeeds,
    MentorProfile,
    Weights,
    explain,
    score_pair,
    violation,
)

JANUARY = dt.date(2025, 1, 6)
JULY = dt.date(2025, 7, 7)
MONDAY = 0


def mentee(**kw) -> MenteeNeeds:
    base = {
        "id": "layla",
        "areas": {"fundraising", "pricing", "hiring"},
        "sectors": {"agritech"},
        "sdgs": {"2", "13"},
        "languages": {"ar", "en"},
        "availability": [(MONDAY, 18 * 60, 20 * 60)],
        "timezone": "Asia/Amman",
        "countries": {"JO"},
    }
    return MenteeNeeds(**{**base, **kw})


def mentor(**kw) -> MentorProfile:
    base = {
        "id": "omar",
        "expertise": {"fundraising", "pricing", "marketing"},
        "sectors": {"agritech", "fintech"},
        "sdgs": {"2"},
        "languages": {"ar"},
        "countries": {"JO", "EG"},
        "capacity": 2,
        "availability": [(MONDAY, 15 * 60, 17 * 60)],
        "timezone": "Asia/Amman",
    }
    return MentorProfile(**{**base, **kw})


def test_every_component_is_explained_with_what_the_pair_shares():
    why = explain(mentee(), mentor(), reference_date=JANUARY)
    by_name = {r.name: r for r in why.reasons}
    assert set(by_name) == set(COMPONENTS)
    assert by_name["expertise"].value == pytest.approx(2 / 3)
    assert by_name["expertise"].shared == ("fundraising", "pricing")
    assert by_name["sector"].value == 1.0
    assert by_name["sdg"].shared == ("2",)
    assert by_name["language"].value == 0.5 and by_name["language"].shared == ("ar",)
    assert by_name["country"].value == 1.0
    assert by_name["timezone"].value == 0.0
    assert by_name["timezone"].detail == {"overlap_minutes": 0, "mentee_minutes": 120}
    assert why.blocked_by is None
    assert why.total == pytest.approx(sum(r.contribution for r in why.reasons))
    assert why.as_dict()["components"][0]["name"] == "expertise"


def test_score_pair_total_is_the_weighted_mean_of_its_components():
    weights = Weights(expertise=2, sector=0, sdg=0, language=0, country=0, timezone=2)
    fit = score_pair(mentee(), mentor(availability=[(0, 17 * 60, 19 * 60)]), weights)
    assert fit.components["expertise"] == pytest.approx(2 / 3)
    assert fit.components["timezone"] == pytest.approx(0.5)
    assert fit.total == pytest.approx((2 / 3 + 0.5) / 2)


def test_no_shared_language_rules_the_pair_out():
    assert score_pair(mentee(languages={"fr"}), mentor()) is None
    assert violation(mentee(languages={"fr"}), mentor()) == NO_SHARED_LANGUAGE
    assert explain(mentee(languages={"fr"}), mentor()).total is None


def test_excluded_pair_and_shared_affiliation_are_conflicts_of_interest():
    assert score_pair(mentee(), mentor(), excluded={("layla", "omar")}) is None
    assert violation(mentee(), mentor(), {("layla", "omar")}) == EXCLUDED
    clash = mentee(affiliations={"amal-ventures"}), mentor(affiliations={"amal-ventures", "x"})
    assert score_pair(*clash) is None
    assert violation(*clash) == AFFILIATION_CONFLICT
    assert score_pair(mentee(affiliations={"a"}), mentor(affiliations={"b"})) is not None


def test_zero_capacity_on_either_side_rules_the_pair_out():
    assert violation(mentee(), mentor(capacity=0)) == MENTOR_FULL
    assert violation(mentee(capacity=0), mentor()) == MENTEE_FULL
    assert score_pair(mentee(), mentor(capacity=0)) is None


def test_timezone_overlap_follows_lisbon_dst_against_amman():
    # Amman stays UTC+3 all year; Lisbon is UTC+0 in January and UTC+1 in July. The mentee is
    # free 18–20 in Amman (15–17 UTC); the mentor 16–18 in Lisbon: 16–18 UTC in January
    # (one hour in common), 15–17 UTC in July (both hours).
    lisbon = mentor(timezone="Europe/Lisbon", availability=[(MONDAY, 16 * 60, 18 * 60)])
    jan = score_pair(mentee(), lisbon, reference_date=JANUARY)
    jul = score_pair(mentee(), lisbon, reference_date=JULY)
    assert jan.components["timezone"] == pytest.approx(0.5)
    assert jul.components["timezone"] == pytest.approx(1.0)
    assert jul.total > jan.total


def test_new_york_and_lisbon_differ_only_while_their_dst_rules_disagree():
    # Both shift by an hour between January and July, so 11–13 in New York and 16–18 in
    # Lisbon coincide in both; between the US switch (9 March 2025) and the EU one
    # (30 March 2025) New York is already an hour earlier in UTC: one hour in common.
    ny = mentee(timezone="America/New_York", availability=[(MONDAY, 11 * 60, 13 * 60)])
    lisbon = mentor(timezone="Europe/Lisbon", availability=[(MONDAY, 16 * 60, 18 * 60)])
    overlap = {
        day: score_pair(ny, lisbon, reference_date=day).components["timezone"]
        for day in (JANUARY, dt.date(2025, 3, 17), JULY)
    }
    assert overlap[JANUARY] == overlap[JULY] == pytest.approx(1.0)
    assert overlap[dt.date(2025, 3, 17)] == pytest.approx(0.5)


def test_availability_that_wraps_past_the_end_of_the_utc_week_still_overlaps():
    # Sunday 20:00–23:00 in New York (winter) is Monday 01:00–04:00 UTC.
    late = mentee(timezone="America/New_York", availability=[(6, 20 * 60, 23 * 60)])
    early = mentor(timezone="UTC", availability=[(MONDAY, 0, 2 * 60)])
    assert utc_week(late.availability, late.timezone, JANUARY) == ((60, 240),)
    fit = score_pair(late, early, reference_date=JANUARY)
    assert fit.components["timezone"] == pytest.approx(1 / 3)


def test_mentee_without_availability_scores_zero_on_timezone():
    fit = score_pair(mentee(availability=[]), mentor())
    assert fit.components["timezone"] == 0.0


def test_reference_week_starts_on_the_coming_monday():
    assert reference_monday(dt.date(2025, 1, 8)) == dt.date(2025, 1, 13)
    assert reference_monday(dt.date(2025, 1, 6)) == dt.date(2025, 1, 6)
    assert reference_monday().weekday() == 0


@pytest.mark.parametrize(
    "change",
    [
        {"availability": [(7, 0, 60)]},
        {"availability": [(0, 600, 600)]},
        {"availability": [(0, 0, 1441)]},
        {"availability": [(0, "9", 600)]},
        {"timezone": "Mars/Olympus"},
        {"languages": set()},
        {"capacity": -1},
        {"capacity": 1.5},
        {"id": ""},
    ],
)
def test_malformed_profiles_are_refused(change):
    with pytest.raises(ValueError):
        mentee(**change)


def test_a_single_string_is_not_taken_for_a_set_of_letters():
    with pytest.raises(TypeError):
        mentor(languages="ar")


@pytest.mark.parametrize("weights", [{"expertise": -1}, dict.fromkeys(COMPONENTS, 0)])
def test_weights_must_be_non_negative_and_not_all_zero(weights):
    with pytest.raises(ValueError):
        Weights(**weights)
