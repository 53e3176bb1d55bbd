"""The round glue (people → engine → pairs) against brute force on random small rounds."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from markaz.mentoring import rounds, scoring

LANGS = ["ar", "en", "fr"]
AREAS = ["a1", "a2", "a3"]


@st.composite
def small_round(draw):
    n, m = draw(st.integers(1, 4)), draw(st.integers(1, 3))
    orgs = ["o1", "o2", "o3"]

    def langs():
        return frozenset(draw(st.lists(st.sampled_from(LANGS), min_size=1, max_size=2)))

    mentees = [
        scoring.MenteeNeeds(
            id=f"v{i}",
            areas=frozenset(draw(st.lists(st.sampled_from(AREAS), max_size=3))),
            languages=langs(),
            capacity=draw(st.integers(0, 1)),
            availability=((0, 600, 600 + 60 * draw(st.integers(1, 6))),),
            affiliations=frozenset(draw(st.lists(st.sampled_from(orgs), max_size=1))),
        )
        for i in range(n)
    ]
    mentors = [
        scoring.MentorProfile(
            id=f"m{j}",
            expertise=frozenset(draw(st.lists(st.sampled_from(AREAS), max_size=3))),
            languages=langs(),
            capacity=draw(st.integers(0, 2)),
            availability=((0, 540, 540 + 60 * draw(st.integers(1, 6))),),
            affiliations=frozenset(draw(st.lists(st.sampled_from(orgs), max_size=1))),
        )
        for j in range(m)
    ]
    pairs = [(a.id, b.id) for a in mentees for b in mentors]
    declared = set(draw(st.lists(st.sampled_from(pairs), max_size=2)))
    excluded = set(draw(st.lists(st.sampled_from(pairs), max_size=2)))
    people = rounds.People(mentees=mentees, mentors=mentors, declared=declared)
    people.excluded = excluded | declared
    return people


def brute_force(people, weights):
    edges = []
    for a in people.mentees:
        for b in people.mentors:
            fit = scoring.score_pair(a, b, weights, excluded=people.excluded)
            if fit is not None:
                edges.append((a.id, b.id, fit.total))
    cap = {p.id: p.capacity for p in [*people.mentees, *people.mentors]}
    best = (0, 0.0)
    for r in range(len(edges) + 1):
        for subset in itertools.combinations(edges, r):
            load: dict[str, int] = {}
            for a, b, _ in subset:
                load[a] = load.get(a, 0) + 1
                load[b] = load.get(b, 0) + 1
            if all(v <= cap[k] for k, v in load.items()):
                best = max(best, (len(subset), sum(f for *_, f in subset)))
    return best


@settings(max_examples=60, deadline=None)
@given(small_round())
def test_round_matching_equals_brute_force_in_pairs_then_total_fit(people):
    weights = scoring.Weights()
    pairs = rounds.optimal_pairs(people, weights)
    fits = [
        scoring.score_pair(people.mentee(a), people.mentor(b), weights, excluded=people.excluded)
        for a, b in pairs
    ]
    count, total = brute_force(people, weights)
    assert len(pairs) == count
    assert abs(sum(f.total for f in fits) - total) < 1e-5


@settings(max_examples=80, deadline=None)
@given(small_round())
def test_no_hard_constraint_is_ever_violated(people):
    pairs = rounds.optimal_pairs(people, scoring.Weights())
    for a, b in pairs:
        assert people.block_reason(a, b) is None
        assert people.mentee(a).languages & people.mentor(b).languages
        assert not people.mentee(a).affiliations & people.mentor(b).affiliations
        assert (a, b) not in people.excluded
    for person in [*people.mentees, *people.mentors]:
        assert sum(person.id in pair for pair in pairs) <= person.capacity
