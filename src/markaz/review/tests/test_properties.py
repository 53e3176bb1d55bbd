"""Property-based tests of assignment through the service, with real rows: random reviewer
pools, affiliations, team roles and declared conflicts."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from markaz.core.access import scope_for
from markaz.review import services
from markaz.review.models import Assignment, AssignmentStatus, Conflict
from markaz.review.tests.fixtures import (
    make_application,
    make_call,
    make_reviewer,
    make_round,
    make_rubric,
    make_venture,
)

pytestmark = pytest.mark.django_db

KINDS = ("affiliated", "team", "declared_app", "declared_org", "applicant")


@st.composite
def calls(draw):
    n_rev = draw(st.integers(1, 6))
    n_app = draw(st.integers(1, 6))
    per_application = draw(st.integers(1, 3))
    pairs = st.tuples(st.integers(0, n_rev - 1), st.integers(0, n_app - 1), st.sampled_from(KINDS))
    conflicts = draw(st.lists(pairs, max_size=n_rev * n_app))
    return n_rev, n_app, per_application, conflicts


def _build(center, staff, n_rev, n_app, per_application, conflicts):
    from markaz.core.factories import UserFactory
    from markaz.stakeholders.factories import AffiliationFactory, OrganizationFactory
    from markaz.ventures.factories import TeamMemberFactory

    call = make_call(center)
    reviewers = [make_reviewer(center, f"prop_rev_{i}") for i in range(n_rev)]
    applicant_of = {}
    for r, a, kind in conflicts:
        if kind == "applicant":
            applicant_of.setdefault(a, reviewers[r])
    apps = []
    for i in range(n_app):
        org = OrganizationFactory(center=center, name_en=f"Prop Org {i}")
        venture = make_venture(center, f"Prop Venture {i}", organization=org)
        applicant = applicant_of.get(i) or UserFactory(username=f"prop_app_{i}")
        apps.append(make_application(call, venture, applicant))
    for r, a, kind in conflicts:
        reviewer, app = reviewers[r], apps[a]
        if kind == "applicant" and app.applicant_id != reviewer.pk:
            continue  # another reviewer applied for this one
        if kind == "affiliated":
            AffiliationFactory(person=reviewer.person, organization=app.venture.organization)
        elif kind == "team" and not app.venture.team.filter(person=reviewer.person).exists():
            TeamMemberFactory(venture=app.venture, person=reviewer.person)
        elif kind == "declared_app":
            Conflict.objects.create(center=center, reviewer=reviewer, application=app)
        elif kind == "declared_org":
            Conflict.objects.create(
                center=center, reviewer=reviewer, organization=app.venture.organization
            )
    rubric = make_rubric(staff, call)
    round_ = make_round(staff, call, rubric, per_application=per_application)
    for reviewer in reviewers:
        services.add_reviewer(scope=scope_for(staff), round=round_, reviewer=reviewer)
    return round_, reviewers, apps, _expected_conflicts(reviewers, apps)


def _expected_conflicts(reviewers, apps):
    """The rule, restated: the applicant; declared on the application, its venture or an
    organization of the applicant; on the venture's team; sharing an organization with it."""
    from markaz.stakeholders.models import Affiliation

    def orgs(user):
        return set(
            Affiliation.objects.filter(person__user=user).values_list("organization_id", flat=True)
        )

    found = set()
    for app in apps:
        app_orgs = {app.venture.organization_id} | orgs(app.applicant)
        team = set(app.venture.team.values_list("person__user_id", flat=True))
        for r in reviewers:
            declared = Conflict.objects.filter(reviewer=r)
            if (
                r.pk == app.applicant_id
                or r.pk in team
                or orgs(r) & app_orgs
                or declared.filter(application=app).exists()
                or declared.filter(venture=app.venture).exists()
                or declared.filter(organization_id__in=app_orgs).exists()
            ):
                found.add((r.pk, app.pk))
    return found


def _live(round_):
    out = {}
    for app, uid in round_.assignments.exclude(status=AssignmentStatus.RECUSED).values_list(
        "application_id", "reviewer_id"
    ):
        out.setdefault(app, []).append(uid)
    return out


def _check(round_, reviewers, apps, conflicted, outcome=None):
    n = round_.reviewers_per_application
    live = _live(round_)
    for app in apps:
        got = live.get(app.pk, [])
        assert len(got) == len(set(got))
        assert not {(uid, app.pk) for uid in got} & conflicted, "a conflicted reviewer was assigned"
        eligible = [r for r in reviewers if (r.pk, app.pk) not in conflicted]
        if len(eligible) >= n:
            assert len(got) == n, "feasible but short"
        else:
            assert len(got) == len(eligible)
            if outcome is not None:
                assert outcome.unfilled[app.pk] == n - len(eligible)
                assert f"only {len(eligible)} reviewer" in outcome.shortfalls[app.pk]
    loads = {r.pk: 0 for r in reviewers}
    for uids in live.values():
        for uid in uids:
            loads[uid] += 1
    free = [r.pk for r in reviewers if not any((r.pk, a.pk) in conflicted for a in apps)]
    if len(free) >= 2:
        spread = [loads[uid] for uid in free]
        assert max(spread) - min(spread) <= 1, "loads of unconflicted reviewers unbalanced"
    if not conflicted:
        assert max(loads.values()) - min(loads.values()) <= 1
    return live


@settings(
    max_examples=15,
    deadline=None,
    # Each example builds real rows: shrinking a failure would take minutes, so report it as is.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=calls(), pick=st.integers(0, 10_000))
def test_assignment_never_conflicts_stays_balanced_and_covers_whenever_feasible(
    center_a, staff_a, case, pick
):
    with transaction.atomic():
        round_, reviewers, apps, conflicted = _build(center_a, staff_a, *case)
        outcome = services.assign_reviewers(scope=scope_for(staff_a), round=round_)
        before = _check(round_, reviewers, apps, conflicted, outcome)
        assert outcome.complete == (not outcome.unfilled)

        # A reviewer recuses themselves from one assignment: that pair becomes a conflict,
        # the application is refilled where possible and nothing else moves.
        live = list(round_.assignments.filter(status=AssignmentStatus.ASSIGNED))
        if live:
            chosen = live[pick % len(live)]
            others = set(
                Assignment.objects.filter(round=round_)
                .exclude(pk=chosen.pk)
                .values_list("pk", "application_id", "reviewer_id", "status")
            )
            services.recuse(scope=scope_for(chosen.reviewer), assignment=chosen)
            conflicted.add((chosen.reviewer_id, chosen.application_id))
            after = _live(round_)
            kept = {
                row
                for row in Assignment.objects.filter(round=round_).values_list(
                    "pk", "application_id", "reviewer_id", "status"
                )
                if row[0] != chosen.pk
            }
            assert others <= kept
            for app_id in before:
                if app_id != chosen.application_id:
                    assert sorted(after.get(app_id, [])) == sorted(before[app_id])
            got = after.get(chosen.application_id, [])
            assert chosen.reviewer_id not in got
            assert not {(uid, chosen.application_id) for uid in got} & conflicted
            eligible = [r for r in reviewers if (r.pk, chosen.application_id) not in conflicted]
            expected = min(round_.reviewers_per_application, len(eligible))
            assert len(got) == expected
        transaction.set_rollback(True)
