import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from markaz.core.access import scope_for
from markaz.review import board, services
from markaz.review.models import Assignment, AssignmentStatus, Conflict
from markaz.review.permissions import is_assigned_reviewer
from markaz.review.tests.fixtures import make_application, make_reviewer, make_venture

pytestmark = pytest.mark.django_db


def _live(round_):
    pairs = {}
    for app_id, uid in round_.assignments.exclude(status=AssignmentStatus.RECUSED).values_list(
        "application_id", "reviewer_id"
    ):
        pairs.setdefault(app_id, []).append(uid)
    return pairs


def _loads(round_):
    loads = dict.fromkeys(round_.pool.values_list("reviewer_id", flat=True), 0)
    for uids in _live(round_).values():
        for uid in uids:
            loads[uid] += 1
    return loads


def test_every_application_gets_its_reviewers_with_balanced_loads(staff_a, review_round_a):
    outcome = services.assign_reviewers(scope=scope_for(staff_a), round=review_round_a)
    assert outcome.complete
    assert outcome.created == 4 * 2
    live = _live(review_round_a)
    assert len(live) == 4
    assert all(len(uids) == 2 and len(set(uids)) == 2 for uids in live.values())
    loads = _loads(review_round_a)
    assert max(loads.values()) - min(loads.values()) <= 1


def test_the_applicant_and_team_members_are_never_their_own_reviewers(
    staff_a, review_round_a, reviewer_a, venture_a, review_applications_a
):
    from markaz.ventures.factories import TeamMemberFactory

    TeamMemberFactory(venture=venture_a, person=reviewer_a.person)
    services.assign_reviewers(scope=scope_for(staff_a), round=review_round_a)
    kiosk = review_applications_a[0]
    assert reviewer_a.pk not in _live(review_round_a)[kiosk.pk]


def test_reviewers_affiliated_with_the_applicants_organization_are_never_assigned(
    staff_a, review_round_a, review_reviewers_a, review_applications_a, org_a
):
    from markaz.stakeholders.factories import AffiliationFactory

    target = review_applications_a[1]
    target.venture.organization = org_a
    target.venture.save()
    rana = review_reviewers_a[1]
    AffiliationFactory(person=rana.person, organization=org_a)
    outcome = services.assign_reviewers(scope=scope_for(staff_a), round=review_round_a)
    assert outcome.complete
    assert rana.pk not in _live(review_round_a)[target.pk]


def test_an_existing_assignment_that_became_conflicted_is_recused_on_the_next_solve(
    staff_a, review_assigned_a, review_applications_a, org_a
):
    from markaz.stakeholders.factories import AffiliationFactory

    target = review_applications_a[2]
    holder = Assignment.objects.filter(round=review_assigned_a, application=target).first()
    target.venture.organization = org_a
    target.venture.save()
    AffiliationFactory(person=holder.reviewer.person, organization=org_a)
    outcome = services.assign_reviewers(scope=scope_for(staff_a), round=review_assigned_a)
    holder.refresh_from_db()
    assert holder.status == AssignmentStatus.RECUSED
    assert outcome.recused == [holder.pk]
    assert holder.reviewer_id not in _live(review_assigned_a)[target.pk]
    assert len(_live(review_assigned_a)[target.pk]) == 2


def test_infeasible_coverage_is_reported_per_application_with_its_reason(
    staff_a, review_round_a, review_reviewers_a, review_applications_a
):
    review_round_a.reviewers_per_application = 3
    review_round_a.save()
    target = review_applications_a[3]
    Conflict.objects.create(
        center=review_round_a.center, reviewer=review_reviewers_a[0], application=target
    )
    outcome = services.assign_reviewers(scope=scope_for(staff_a), round=review_round_a)
    assert not outcome.complete
    assert outcome.unfilled == {target.pk: 1}
    assert "only 2 reviewers eligible" in outcome.shortfalls[target.pk]
    assert "1 applications are short" in outcome.report or "short" in outcome.report
    assert all(len(v) == 3 for k, v in _live(review_round_a).items() if k != target.pk)


def test_only_staff_assign(reviewer_a, review_round_a):
    with pytest.raises(PermissionDenied):
        services.assign_reviewers(scope=scope_for(reviewer_a), round=review_round_a)
    assert not Assignment.objects.exists()


def test_assigning_twice_adds_nothing_new(staff_a, review_assigned_a):
    before = list(Assignment.objects.order_by("pk").values_list("pk", "reviewer_id"))
    outcome = services.assign_reviewers(scope=scope_for(staff_a), round=review_assigned_a)
    assert outcome.created == 0
    assert list(Assignment.objects.order_by("pk").values_list("pk", "reviewer_id")) == before


def test_recusal_reassigns_the_application_and_keeps_every_other_assignment(
    staff_a, review_assigned_a, reviewer_a
):
    mine = Assignment.objects.filter(round=review_assigned_a, reviewer=reviewer_a).first()
    others = set(
        Assignment.objects.exclude(pk=mine.pk).values_list("pk", "application_id", "reviewer_id")
    )
    replacement = services.recuse(scope=scope_for(reviewer_a), assignment=mine, reason="Cousin")
    mine.refresh_from_db()
    assert mine.status == AssignmentStatus.RECUSED
    assert replacement is not None and replacement.reviewer_id != reviewer_a.pk
    assert replacement.application_id == mine.application_id
    after = set(
        Assignment.objects.exclude(pk__in=[mine.pk, replacement.pk]).values_list(
            "pk", "application_id", "reviewer_id"
        )
    )
    assert after == others
    assert Conflict.objects.filter(reviewer=reviewer_a, application=mine.application).exists()
    assert not is_assigned_reviewer(reviewer_a, mine.application)
    # A later solve never gives it back.
    services.assign_reviewers(scope=scope_for(staff_a), round=review_assigned_a)
    assert reviewer_a.pk not in _live(review_assigned_a)[mine.application_id]


def test_recusal_with_nobody_left_leaves_the_application_short(
    staff_a, review_assigned_a, reviewer_a
):
    review_assigned_a.reviewers_per_application = 2
    mine = Assignment.objects.filter(round=review_assigned_a, reviewer=reviewer_a).first()
    holders = set(_live(review_assigned_a)[mine.application_id])
    spare = set(review_assigned_a.pool.values_list("reviewer_id", flat=True)) - holders
    for uid in spare:
        Conflict.objects.create(
            center=review_assigned_a.center, reviewer_id=uid, application=mine.application
        )
    assert services.recuse(scope=scope_for(reviewer_a), assignment=mine) is None
    progress = board.progress(review_assigned_a)
    assert [a.pk for a, _n in progress.unassigned] == [mine.application_id]


def test_someone_elses_assignment_cannot_be_recused_by_a_reviewer(
    review_assigned_a, review_reviewers_a
):
    other = Assignment.objects.filter(reviewer=review_reviewers_a[1]).first()
    with pytest.raises(PermissionDenied):
        services.recuse(scope=scope_for(review_reviewers_a[0]), assignment=other)


def test_a_declared_relationship_recuses_and_reassigns_current_assignments(
    review_assigned_a, reviewer_a, org_a
):
    mine = Assignment.objects.filter(round=review_assigned_a, reviewer=reviewer_a).first()
    venture = mine.application.venture
    venture.organization = org_a
    venture.save()
    services.declare_relationship(
        scope=scope_for(reviewer_a), center=review_assigned_a.center, organization=org_a,
        reason="Board member",
    )  # fmt: skip
    mine.refresh_from_db()
    assert mine.status == AssignmentStatus.RECUSED
    live = _live(review_assigned_a)[mine.application_id]
    assert reviewer_a.pk not in live and len(live) == 2


def test_a_relationship_needs_an_organization_or_a_venture(center_a, reviewer_a, staff_a):
    with pytest.raises(ValidationError):
        services.declare_relationship(scope=scope_for(reviewer_a), center=center_a)
    with pytest.raises(PermissionDenied):
        services.declare_relationship(scope=scope_for(staff_a), center=center_a)


def test_adding_a_non_reviewer_to_the_pool_is_refused(staff_a, review_round_a, mentor_a):
    with pytest.raises(ValidationError):
        services.add_reviewer(scope=scope_for(staff_a), round=review_round_a, reviewer=mentor_a)
    with pytest.raises(ValidationError):
        services.add_reviewer(
            scope=scope_for(staff_a),
            round=review_round_a,
            reviewer=review_round_a.pool.first().reviewer,
            expertise=[18],
        )


def _score(user, assignment, values, **kwargs):
    criteria = list(assignment.round.rubric.criteria.order_by("position"))
    return services.submit_review(
        scope=scope_for(user),
        assignment=assignment,
        scores={c.pk: v for c, v in zip(criteria, values, strict=True)},
        **kwargs,
    )


def test_scores_are_validated_against_the_rubric(review_assigned_a, reviewer_a):
    mine = Assignment.objects.filter(round=review_assigned_a, reviewer=reviewer_a).first()
    with pytest.raises(ValidationError) as missing:
        services.submit_review(scope=scope_for(reviewer_a), assignment=mine, scores={})
    assert "Score" in str(missing.value)
    with pytest.raises(ValidationError):
        _score(reviewer_a, mine, [6, 1])
    mine.refresh_from_db()
    assert mine.status == AssignmentStatus.ASSIGNED and not mine.scores.exists()
    _score(reviewer_a, mine, [5, 3], comment="Strong", comment_shared=True)
    mine.refresh_from_db()
    assert mine.status == AssignmentStatus.SUBMITTED
    assert sorted(mine.scores.values_list("value", flat=True)) == [3, 5]


def test_only_the_assigned_reviewer_scores_and_only_while_the_round_is_open(
    staff_a, review_assigned_a, reviewer_a
):
    mine = Assignment.objects.filter(round=review_assigned_a, reviewer=reviewer_a).first()
    with pytest.raises(PermissionDenied):
        _score(staff_a, mine, [3, 3])
    services.set_round_status(scope=scope_for(staff_a), round=review_assigned_a, status="closed")
    with pytest.raises(PermissionDenied):
        _score(reviewer_a, mine, [3, 3])


def test_ranking_weights_criteria_shows_ties_and_flags_disagreement(review_assigned_a):
    given = {}
    for a in Assignment.objects.filter(round=review_assigned_a).select_related("round__rubric"):
        given.setdefault(a.application_id, []).append(a)
    apps = sorted(given)
    # impact weighs 2, feasibility 1: (5,2) -> 4.0 ; (4,4) -> 4.0 ; (1,1) and (5,5) disagree
    plan = {apps[0]: [[5, 2], [5, 2]], apps[1]: [[4, 4], [4, 4]], apps[2]: [[1, 1], [5, 5]]}
    for app_id, values in plan.items():
        for a, v in zip(given[app_id], values, strict=True):
            _score(a.reviewer, a, v)
    ranked = board.ranking(review_assigned_a)
    by_app = {r.application_id: r for r in ranked.rows}
    assert by_app[apps[0]].score == pytest.approx(4.0)
    assert by_app[apps[0]].rank == by_app[apps[1]].rank == 1
    assert by_app[apps[0]].tied and by_app[apps[1]].tied
    assert by_app[apps[2]].disagreement and not by_app[apps[0]].disagreement
    assert by_app[apps[3]].rank is None and by_app[apps[3]].reviews == 0
    assert ranked.ties == 2 and ranked.disagreements == 1
    assert board.ranking(review_assigned_a, normalize=True).normalized


def test_the_shortlist_advances_the_top_with_ties_at_the_cut(
    staff_a, review_assigned_a, review_rubric_a, review_call_a
):
    from markaz.review.tests.fixtures import make_round

    with pytest.raises(ValidationError):
        services.advance_shortlist(scope=scope_for(staff_a), round=review_assigned_a, top=1)
    pitch = make_round(staff_a, review_call_a, review_rubric_a, name="Pitch")
    assert pitch.position == 2 and not pitch.entries.exists()
    apps = sorted(_live(review_assigned_a))
    for a in Assignment.objects.filter(round=review_assigned_a, application_id__in=apps[:2]):
        _score(a.reviewer, a, [4, 4])
    for a in Assignment.objects.filter(round=review_assigned_a, application_id=apps[2]):
        _score(a.reviewer, a, [2, 2])
    chosen = services.advance_shortlist(scope=scope_for(staff_a), round=review_assigned_a, top=1)
    assert sorted(chosen) == apps[:2]
    assert sorted(pitch.entries.values_list("application_id", flat=True)) == apps[:2]
    assert set(review_assigned_a.entries.filter(advanced=True).values_list(
        "application_id", flat=True)) == set(apps[:2])  # fmt: skip
    with pytest.raises(ValidationError):
        services.advance_shortlist(
            scope=scope_for(staff_a), round=review_assigned_a, application_ids=[999999]
        )


def test_the_first_round_picks_up_applications_submitted_after_it_was_created(
    staff_a, review_round_a, review_call_a, center_a
):
    late = make_application(
        review_call_a, make_venture(center_a, "Late Bloomers"), make_reviewer(center_a, "late")
    )
    services.assign_reviewers(scope=scope_for(staff_a), round=review_round_a)
    assert len(_live(review_round_a)[late.pk]) == 2


def test_is_assigned_reviewer_follows_live_assignments_and_the_role(
    review_assigned_a, reviewer_a, review_applications_a
):
    from markaz.core.models import Membership

    mine = Assignment.objects.filter(reviewer=reviewer_a).first()
    held = set(
        Assignment.objects.filter(reviewer=reviewer_a).values_list("application_id", flat=True)
    )
    others = [a for a in review_applications_a if a.pk not in held]
    assert is_assigned_reviewer(reviewer_a, mine.application)
    assert not is_assigned_reviewer(reviewer_a, others[0])
    assert not is_assigned_reviewer(None, mine.application)
    Membership.objects.filter(user=reviewer_a, role="reviewer").delete()
    assert not is_assigned_reviewer(reviewer_a, mine.application)


def test_rubric_and_round_writes_are_validated_and_audited(staff_a, review_call_a, center_b):
    from markaz.core.models import AuditEntry

    with pytest.raises(ValidationError):
        services.create_rubric(
            scope=scope_for(staff_a), center=review_call_a.center,
            data={"call": review_call_a, "name_en": "Empty"}, criteria=[],
        )  # fmt: skip
    with pytest.raises(ValidationError):
        services.create_rubric(
            scope=scope_for(staff_a), center=review_call_a.center,
            data={"call": review_call_a, "name_en": "Bad levels"},
            criteria=[{"name_en": "X", "weight": 1, "levels": [{"value": 9}]}],
        )  # fmt: skip
    with pytest.raises(ValidationError):
        services.create_rubric(
            scope=scope_for(staff_a), center=review_call_a.center,
            data={"call": review_call_a, "name_en": "Zero"},
            criteria=[{"name_en": "X", "weight": 0}],
        )  # fmt: skip
    assert not AuditEntry.objects.filter(action="review.rubric.created").exists()
    from markaz.review.tests.fixtures import make_rubric

    make_rubric(staff_a, review_call_a)
    assert AuditEntry.objects.filter(action="review.rubric.created").count() == 1
