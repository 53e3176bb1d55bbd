"""From the database to the matching engine and back: one round's people, pairs and fits.

Ids given to the engine: `v<venture pk>` for mentees, `m<profile pk>` for mentors. Conflicts
of interest become shared affiliation tokens (`o<organization pk>`, `p<person pk>`): a mentor
affiliated with the venture's organization, or on its team, shares a token with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from markaz.mentoring import scoring
from markaz.mentoring.matching import Instance, solve
from markaz.mentoring.matching_candidates import candidate_edges
from markaz.mentoring.models import (
    MatchRound,
    MentorProfile,
    MentorshipStatus,
    PairState,
    Ranking,
)
from markaz.mentoring.stable import stable_match
from markaz.stakeholders.models import Affiliation

ALL_PAIRS_LIMIT = 250_000  # beyond this many pairs, score only each mentee's top candidates
DECLARED_CONFLICT = "declared_conflict"


def weights_of(match_round: MatchRound) -> scoring.Weights:
    names = set(scoring.COMPONENTS)
    given = {k: float(v) for k, v in (match_round.weights or {}).items() if k in names}
    return scoring.Weights(**given) if given else scoring.Weights()


def _person_id(profile: MentorProfile) -> int | None:
    person = profile.the_person
    return person.pk if person else None


@dataclass
class People:
    mentees: list[scoring.MenteeNeeds] = field(default_factory=list)
    mentors: list[scoring.MentorProfile] = field(default_factory=list)
    declared: set[tuple[str, str]] = field(default_factory=set)
    excluded: set[tuple[str, str]] = field(default_factory=set)
    locked: list[tuple[str, str]] = field(default_factory=list)
    without_needs: list = field(default_factory=list)

    def mentee(self, mid: str) -> scoring.MenteeNeeds:
        if len(getattr(self, "_mentee_index", ())) != len(self.mentees):
            self._mentee_index = {m.id: m for m in self.mentees}
        return self._mentee_index[mid]

    def mentor(self, rid: str) -> scoring.MentorProfile:
        if len(getattr(self, "_mentor_index", ())) != len(self.mentors):
            self._mentor_index = {m.id: m for m in self.mentors}
        return self._mentor_index[rid]

    def block_reason(self, mentee_id: str, mentor_id: str) -> str | None:
        if (mentee_id, mentor_id) in self.declared:
            return DECLARED_CONFLICT
        return scoring.violation(self.mentee(mentee_id), self.mentor(mentor_id), self.excluded)


def mentee_id(venture_pk: int) -> str:
    return f"v{venture_pk}"


def mentor_id(profile_pk: int) -> str:
    return f"m{profile_pk}"


def pk_of(engine_id: str) -> int:
    return int(engine_id[1:])


def round_mentors(match_round: MatchRound):
    """The round's mentors (its chosen ones, else every active mentor of the center), with
    what their display names read, so a list of them costs no query per mentor."""
    chosen = match_round.mentors.all()
    if not chosen.exists():
        chosen = MentorProfile.objects.filter(centers=match_round.center, opted_out=False)
    return chosen.select_related("person", "user__person")


def people_of(match_round: MatchRound) -> People:
    today = timezone.localdate()
    people = People()
    ventures = (
        match_round.ventures.select_related("center")
        .prefetch_related("sdg_goals", "team", "mentee_needs__areas")
        .annotate(
            active=Count("mentorships", filter=Q(mentorships__status=MentorshipStatus.ACTIVE))
        )
        .order_by("pk")
    )
    for v in ventures:
        needs = getattr(v, "mentee_needs", None)
        if needs is None or not needs.languages:
            people.without_needs.append(v)
            continue
        tokens = {f"p{t.person_id}" for t in v.team.all()}
        if v.organization_id:
            tokens.add(f"o{v.organization_id}")
        people.mentees.append(
            scoring.MenteeNeeds(
                id=mentee_id(v.pk),
                areas=frozenset(f"a{a.pk}" for a in needs.areas.all()),
                sectors=frozenset(needs.sectors),
                sdgs=frozenset(str(g.pk) for g in v.sdg_goals.all()),
                languages=frozenset(needs.languages),
                availability=tuple(tuple(w) for w in needs.availability),
                timezone=needs.timezone,
                capacity=0 if v.active else 1,
                countries=frozenset([v.center.country.code] if v.center.country else []),
                affiliations=frozenset(tokens),
            )
        )
    venture_pks = [pk_of(m.id) for m in people.mentees]
    profiles = (
        round_mentors(match_round)
        .select_related("user__person", "person")
        .prefetch_related("expertise", "sdg_goals", "conflicted_ventures")
        .annotate(
            active=Count("mentorships", filter=Q(mentorships__status=MentorshipStatus.ACTIVE))
        )
        .order_by("pk")
    )
    profiles = [p for p in profiles if p.languages]
    person_ids = [pid for pid in map(_person_id, profiles) if pid]
    orgs: dict[int, set[str]] = {}
    current = Affiliation.objects.filter(person_id__in=person_ids).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    for pid, oid in current.values_list("person_id", "organization_id"):
        orgs.setdefault(pid, set()).add(f"o{oid}")
    for p in profiles:
        pid = _person_id(p)
        tokens = set(orgs.get(pid, set())) | ({f"p{pid}"} if pid else set())
        people.mentors.append(
            scoring.MentorProfile(
                id=mentor_id(p.pk),
                expertise=frozenset(f"a{a.pk}" for a in p.expertise.all()),
                sectors=frozenset(p.sectors),
                sdgs=frozenset(str(g.pk) for g in p.sdg_goals.all()),
                languages=frozenset(p.languages),
                countries=frozenset(p.countries),
                capacity=max(0, p.capacity - p.active),
                availability=tuple(tuple(w) for w in p.availability),
                timezone=p.timezone,
                affiliations=frozenset(tokens),
            )
        )
        for v in p.conflicted_ventures.all():
            if v.pk in venture_pks:
                people.declared.add((mentee_id(v.pk), mentor_id(p.pk)))
    for venture_pk, profile_pk, state in match_round.pairs.values_list(
        "venture_id", "mentor_id", "state"
    ):
        pair = (mentee_id(venture_pk), mentor_id(profile_pk))
        if state == PairState.EXCLUDED:
            people.excluded.add(pair)
        elif state == PairState.LOCKED:
            people.locked.append(pair)
    people.excluded |= people.declared
    return people


def explain_pair(people: People, pair: tuple[str, str], weights) -> scoring.Explanation:
    return scoring.explain(
        people.mentee(pair[0]), people.mentor(pair[1]), weights, excluded=people.excluded
    )


def _edges(people: People, weights) -> list[tuple[str, str, float]]:
    n, m = len(people.mentees), len(people.mentors)
    if n * m <= ALL_PAIRS_LIMIT:
        edges = []
        for a in people.mentees:
            for b in people.mentors:
                fit = scoring.score_pair(a, b, weights, excluded=people.excluded)
                if fit is not None:
                    edges.append((a.id, b.id, fit.total))
        return edges
    found = candidate_edges(people.mentees, people.mentors, weights, excluded=people.excluded)
    edges = [
        (people.mentees[i].id, people.mentors[j].id, float(f))
        for i, j, f in zip(
            found.mentee.tolist(), found.mentor.tolist(), found.fit.tolist(), strict=True
        )
    ]
    have = {(a, b) for a, b, _ in edges}
    for pair in people.locked:
        if pair not in have:
            fit = scoring.score_pair(people.mentee(pair[0]), people.mentor(pair[1]), weights)
            if fit is not None:
                edges.append((*pair, fit.total))
    return edges


def optimal_pairs(people: People, weights) -> list[tuple[str, str]]:
    instance = Instance.from_records(
        [(p.id, p.capacity) for p in people.mentees],
        [(p.id, p.capacity) for p in people.mentors],
        _edges(people, weights),
        locked=people.locked,
        excluded=sorted(people.excluded),
    )
    return solve(instance).pairs


def stable_pairs(people: People, match_round: MatchRound) -> list[tuple[str, str]]:
    """Deferred acceptance over the submitted rankings, around the locked pairs."""
    mentee_caps = {p.id: p.capacity for p in people.mentees}
    capacities = {p.id: p.capacity for p in people.mentors}
    for a, b in people.locked:
        mentee_caps[a] = mentee_caps.get(a, 0) - 1
        capacities[b] = max(0, capacities.get(b, 0) - 1)

    def allowed(a: str, b: str) -> bool:
        return (
            a in mentee_caps and b in capacities and mentee_caps[a] > 0
            and people.block_reason(a, b) is None
        )  # fmt: skip

    mentee_prefs: dict[str, list[str]] = {a: [] for a, cap in mentee_caps.items() if cap > 0}
    mentor_prefs: dict[str, list[str]] = {b: [] for b in capacities}
    for r in Ranking.objects.filter(round=match_round):
        if r.venture_id is not None and mentee_id(r.venture_id) in mentee_prefs:
            a = mentee_id(r.venture_id)
            mentee_prefs[a] = [mentor_id(x) for x in r.ranked if allowed(a, mentor_id(x))]
        elif r.mentor_id is not None and mentor_id(r.mentor_id) in mentor_prefs:
            b = mentor_id(r.mentor_id)
            mentor_prefs[b] = [mentee_id(x) for x in r.ranked if allowed(mentee_id(x), b)]
    matched = stable_match(mentee_prefs, mentor_prefs, capacities)
    return sorted([*people.locked, *matched.items()])
