import datetime as dt

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from markaz.mentoring.matching import solve
from markaz.mentoring.matching_candidates import candidate_edges, to_instance
from markaz.mentoring.matching_time import utc_week, utc_weeks
from markaz.mentoring.scoring import MenteeNeeds, MentorProfile, Weights, score_pair

ZONES = ["UTC", "Asia/Amman", "Europe/Lisbon", "America/New_York", "Asia/Kolkata"]
# A January week, the week of the US switch to summer time, and the week of the EU one.
WEEKS = [dt.date(2025, 1, 6), dt.date(2025, 3, 3), dt.date(2025, 3, 24), dt.date(2025, 10, 20)]

small_set = st.frozensets(st.sampled_from("abcde"), max_size=3)
languages = st.frozensets(st.sampled_from(["ar", "en", "fr"]), min_size=1, max_size=2)


@st.composite
def windows(draw):
    out = []
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, 47)) * 30
        out.append(
            (draw(st.integers(0, 6)), start, min(1440, start + draw(st.integers(1, 8)) * 30))
        )
    return out


@st.composite
def people(draw):
    n_mentees, n_mentors = draw(st.integers(1, 8)), draw(st.integers(1, 8))
    orgs = st.frozensets(st.sampled_from(["org1", "org2", "org3", "org4"]), max_size=1)
    mentees = [
        MenteeNeeds(
            id=f"e{i}", areas=draw(small_set), sectors=draw(small_set), sdgs=draw(small_set),
            languages=draw(languages), countries=draw(small_set), availability=draw(windows()),
            timezone=draw(st.sampled_from(ZONES)), capacity=draw(st.integers(0, 2)),
            affiliations=draw(orgs),
        )
        for i in range(n_mentees)
    ]  # fmt: skip
    mentors = [
        MentorProfile(
            id=f"r{j}", expertise=draw(small_set), sectors=draw(small_set), sdgs=draw(small_set),
            languages=draw(languages), countries=draw(small_set), availability=draw(windows()),
            timezone=draw(st.sampled_from(ZONES)), capacity=draw(st.integers(0, 3)),
            affiliations=draw(orgs),
        )
        for j in range(n_mentors)
    ]  # fmt: skip
    excluded = {
        (f"e{i}", f"r{j}")
        for i in range(n_mentees)
        for j in range(n_mentors)
        if draw(st.integers(0, 9)) == 0
    }
    return mentees, mentors, excluded


weight_values = st.sampled_from([0.0, 0.5, 1.0, 3.0])


@st.composite
def some_weights(draw):
    values = {
        name: draw(weight_values)
        for name in ("expertise", "sector", "sdg", "language", "country", "timezone")
    }
    if not any(values.values()):
        values["expertise"] = 1.0
    return Weights(**values)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people(), some_weights(), st.integers(1, 4), st.sampled_from(WEEKS))
def test_candidates_are_the_top_k_allowed_pairs_with_exact_fits(data, weights, k, week):
    mentees, mentors, excluded = data
    found = candidate_edges(
        mentees, mentors, weights, top_k=k, excluded=excluded, reference_date=week
    )
    for i, mentee in enumerate(mentees):
        allowed = {}
        for j, mentor in enumerate(mentors):
            fit = score_pair(mentee, mentor, weights, excluded=excluded, reference_date=week)
            if fit is not None:
                allowed[j] = fit.total
        mine = found.mentee == i
        picked = found.mentor[mine].tolist()
        # Every candidate is allowed, with the fit `score_pair` gives it.
        assert set(picked) <= set(allowed)
        for j, fit in zip(picked, found.fit[mine].tolist(), strict=True):
            assert fit == pytest.approx(allowed[j], abs=1e-9)
        # As many as allowed up to k, and no better pair left out (float32 ranking tolerance).
        assert len(picked) == len(set(picked)) == min(k, len(allowed))
        left_out = [allowed[j] for j in allowed if j not in picked]
        if picked and left_out:
            assert min(allowed[j] for j in picked) >= max(left_out) - 1e-6
        # Best first.
        fits = found.fit[mine]
        assert (np.diff(fits) <= 1e-12).all()


def test_mentors_with_no_room_and_mentees_with_no_need_get_no_candidates():
    mentees = [
        MenteeNeeds(id="a", areas={"x"}, languages={"en"}),
        MenteeNeeds(id="b", areas={"x"}, languages={"en"}, capacity=0),
    ]
    mentors = [
        MentorProfile(id="full", expertise={"x"}, languages={"en"}, capacity=0),
        MentorProfile(id="free", expertise=set(), languages={"en"}, capacity=1),
    ]
    found = candidate_edges(mentees, mentors, top_k=5)
    assert found.mentee.tolist() == [0]
    assert found.mentor.tolist() == [1]


def test_no_allowed_pair_gives_an_empty_candidate_list():
    found = candidate_edges(
        [MenteeNeeds(id="a", languages={"ar"})], [MentorProfile(id="r", languages={"fr"})]
    )
    assert len(found) == 0


def test_top_k_must_be_positive():
    with pytest.raises(ValueError):
        candidate_edges([], [], top_k=0)


def test_candidates_feed_the_solver_end_to_end():
    mentees = [
        MenteeNeeds(id=f"e{i}", areas={"x", "y"} if i % 2 else {"y"}, languages={"en"})
        for i in range(6)
    ]
    mentors = [
        MentorProfile(id="rx", expertise={"x"}, languages={"en"}, capacity=2),
        MentorProfile(id="ry", expertise={"y"}, languages={"en", "ar"}, capacity=2),
    ]
    result = solve(to_instance(mentees, mentors, candidate_edges(mentees, mentors, top_k=2)))
    assert result.matched == 4
    assert sum(1 for _, r in result.pairs if r == "rx") == 2


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(windows(), st.sampled_from(ZONES)), max_size=6),
    st.sampled_from([*WEEKS, dt.date(2025, 3, 31), dt.date(2025, 10, 27)]),
)
def test_vectorised_utc_weeks_equal_the_per_person_conversion(rows, week):
    avail = [tuple(w) for w, _ in rows]
    zones = [z for _, z in rows]
    owner, start, end = utc_weeks(avail, zones, week)
    expected = [(i, a, b) for i, (w, z) in enumerate(rows) for a, b in utc_week(tuple(w), z, week)]
    assert list(zip(owner.tolist(), start.tolist(), end.tolist(), strict=True)) == expected


def _random_people(seed: int, n_mentees: int, n_mentors: int):
    rng = np.random.default_rng(seed)

    def pick(options, low, high):
        return frozenset(rng.choice(options, size=rng.integers(low, high + 1), replace=False))

    def avail():
        return [
            (int(rng.integers(7)), int(s) * 60, int(s) * 60 + 120)
            for s in rng.integers(6, 20, size=rng.integers(0, 3))
        ]

    topics = list("abcdefghij")
    mentees = [
        MenteeNeeds(
            id=f"e{i}", areas=pick(topics, 1, 3), sdgs=pick(topics, 0, 2),
            languages=pick(["ar", "en"], 1, 1), availability=avail(),
            timezone=str(rng.choice(ZONES)),
        )
        for i in range(n_mentees)
    ]  # fmt: skip
    mentors = [
        MentorProfile(
            id=f"r{j}", expertise=pick(topics, 1, 4), sdgs=pick(topics, 0, 3),
            # Few mentors speak Arabic: blocks of Arabic speakers leave most mentors out.
            languages={"ar"} if j % 7 == 0 else {"en", "fr"}, availability=avail(),
            timezone=str(rng.choice(ZONES)), capacity=int(rng.integers(0, 3)),
        )
        for j in range(n_mentors)
    ]  # fmt: skip
    return mentees, mentors


@pytest.mark.parametrize("k", [1, 2, 5, 30])
def test_top_k_is_exact_on_every_selection_path(k):
    # 600 mentors are 19 blocks of 32: k ≤ 2 gathers the blocks reaching the threshold,
    # k = 5 scans the whole block, k = 30 takes every allowed mentor.
    mentees, mentors = _random_people(7, 40, 600)
    found = candidate_edges(mentees, mentors, top_k=k, reference_date=WEEKS[0])
    for i, mentee in enumerate(mentees):
        allowed = {
            j: fit.total
            for j, mentor in enumerate(mentors)
            if (fit := score_pair(mentee, mentor, reference_date=WEEKS[0])) is not None
        }
        mine = found.mentee == i
        picked = found.mentor[mine].tolist()
        assert len(picked) == min(k, len(allowed))
        assert set(picked) <= set(allowed)
        rest = [v for j, v in allowed.items() if j not in picked]
        if rest:
            assert min(allowed[j] for j in picked) >= max(rest) - 1e-6
