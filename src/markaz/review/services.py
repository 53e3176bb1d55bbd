"""Writes for review: one transaction, one permission check and one audit entry each."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import numpy as np
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from markaz.core import audit
from markaz.core.access import AccessScope
from markaz.core.models import Center, Membership, Role
from markaz.core.writes import save_audited
from markaz.programs import assignment as engine
from markaz.review import permissions as perms
from markaz.review.conflicts import conflicts_between
from markaz.review.models import (
    Assignment,
    AssignmentStatus,
    Conflict,
    Criterion,
    CriterionLevel,
    PoolMember,
    Round,
    RoundApplication,
    RoundStatus,
    Rubric,
    Score,
)

RUBRIC_FIELDS = ["name_en", "name_ar", "scale_min", "scale_max"]
CRITERION_FIELDS = ["name_en", "name_ar", "description_en", "description_ar", "weight"]
ROUND_FIELDS = [
    "name_en", "name_ar", "rubric", "reviewers_per_application", "due_on", "normalize",
]  # fmt: skip
REVIEWABLE = ("submitted", "accepted", "waitlisted", "rejected")
LIVE = (AssignmentStatus.ASSIGNED, AssignmentStatus.SUBMITTED)


def _require_staff(scope: AccessScope, center) -> None:
    if not perms.can_manage_review(scope, center):
        raise PermissionDenied


# -- rubrics and rounds ---------------------------------------------------------------------


@transaction.atomic
def create_rubric(
    *, scope: AccessScope, center: Center, data: dict, criteria: list[dict]
) -> Rubric:
    """A rubric of a call with its weighted criteria, each level described in both languages.

    `criteria`: [{name_en, name_ar, description_en, description_ar, weight,
    levels: [{value, description_en, description_ar}]}].
    """
    _require_staff(scope, center)
    call = data.get("call")
    if call is None or call.center_id != center.pk:
        raise ValidationError({"call": _("Choose a call of this center.")})
    if not criteria:
        raise ValidationError({"criteria": _("Add at least one criterion.")})
    rubric = save_audited(
        Rubric(center=center, call=call),
        data=data,
        fields=RUBRIC_FIELDS,
        action="review.rubric.created",
        scope=scope,
        center=center,
    )
    for position, item in enumerate(criteria, start=1):
        criterion = Criterion(rubric=rubric, position=position)
        for name in CRITERION_FIELDS:
            if name in item and item[name] is not None:
                value = item[name]
                setattr(criterion, name, value.strip() if isinstance(value, str) else value)
        try:
            criterion.weight = Decimal(str(criterion.weight))
        except InvalidOperation:
            raise ValidationError({"criteria": _("Weights must be numbers.")}) from None
        try:
            criterion.full_clean(exclude=["rubric"])
        except ValidationError as exc:
            raise ValidationError(
                {
                    "criteria": [
                        _("Criterion %(n)s: %(e)s") % {"n": position, "e": m} for m in exc.messages
                    ]
                }
            ) from None
        criterion.save()
        levels = []
        for level in item.get("levels") or []:
            value = level.get("value")
            if not isinstance(value, int) or value not in rubric.scale:
                raise ValidationError(
                    {"criteria": _("Level scores must lie on the rubric's scale.")}
                )
            levels.append(
                CriterionLevel(
                    criterion=criterion,
                    value=value,
                    description_en=(level.get("description_en") or "").strip(),
                    description_ar=(level.get("description_ar") or "").strip(),
                )
            )
        if len({lv.value for lv in levels}) != len(levels):
            raise ValidationError({"criteria": _("Describe each level once.")})
        CriterionLevel.objects.bulk_create(levels)
    return rubric


def _applications_of_call(call):
    from markaz.programs.models import Application

    return Application.objects.filter(
        call=call, submitted_at__isnull=False, status__in=REVIEWABLE
    ).order_by("submitted_at", "id")


def is_first_round(round_: Round) -> bool:
    first = Round.objects.filter(call_id=round_.call_id).order_by("position", "id").first()
    return first is not None and first.pk == round_.pk


@transaction.atomic
def create_round(*, scope: AccessScope, center: Center, data: dict) -> Round:
    """A new round of a call, after its existing ones. The first round reviews every submitted
    application; a later one those advanced from the round before it."""
    _require_staff(scope, center)
    call, rubric = data.get("call"), data.get("rubric")
    if call is None or call.center_id != center.pk:
        raise ValidationError({"call": _("Choose a call of this center.")})
    if rubric is None or rubric.call_id != call.pk:
        raise ValidationError({"rubric": _("Choose a rubric of this call.")})
    last = Round.objects.filter(call=call).aggregate(m=Max("position"))["m"] or 0
    round_ = save_audited(
        Round(center=center, call=call, position=last + 1),
        data=data,
        fields=ROUND_FIELDS,
        action="review.round.created",
        scope=scope,
        center=center,
    )
    if last == 0:
        _sync_first_round(round_)
    return round_


def _sync_first_round(round_: Round) -> int:
    have = set(round_.entries.values_list("application_id", flat=True))
    new = [
        RoundApplication(round=round_, application_id=pk)
        for pk in _applications_of_call(round_.call).values_list("pk", flat=True)
        if pk not in have
    ]
    RoundApplication.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def set_round_status(*, scope: AccessScope, round: Round, status: str) -> Round:
    _require_staff(scope, round.center_id)
    if status not in RoundStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    return save_audited(
        round,
        data={"status": status},
        fields=["status"],
        action="review.round.status_changed",
        scope=scope,
        center=round.center,
    )


@transaction.atomic
def add_reviewer(
    *,
    scope: AccessScope,
    round: Round,
    reviewer,
    expertise: list[int] | None = None,
    capacity: int | None = None,
) -> PoolMember:
    """Add a user with the reviewer role of the center to a round's pool (or update them)."""
    _require_staff(scope, round.center_id)
    if (
        reviewer is None
        or not Membership.objects.filter(
            user=reviewer, center_id=round.center_id, role=Role.REVIEWER
        ).exists()
    ):
        raise ValidationError({"reviewer": _("Choose a reviewer of this center.")})
    goals = sorted({int(g) for g in expertise or []})
    if any(not 1 <= g <= 17 for g in goals):
        raise ValidationError({"expertise": _("Expertise is a list of SDG goal numbers (1-17).")})
    if capacity is not None and capacity < 0:
        raise ValidationError({"capacity": _("The maximum load cannot be negative.")})
    member = PoolMember.objects.filter(round=round, reviewer=reviewer).first()
    return save_audited(
        member or PoolMember(round=round, reviewer=reviewer),
        data={"expertise": goals, "capacity": capacity},
        fields=["expertise", "capacity"],
        action="review.pool.updated" if member else "review.pool.added",
        scope=scope,
        center=round.center,
    )


@transaction.atomic
def remove_reviewer(*, scope: AccessScope, member: PoolMember) -> None:
    """Take a reviewer out of a round's pool; their existing assignments stay."""
    round_ = member.round
    _require_staff(scope, round_.center_id)
    audit.record(
        action="review.pool.removed", actor=scope.user, center=round_.center, obj=member,
        changes={"reviewer": [member.reviewer_id, None]},
    )  # fmt: skip
    member.delete()


# -- assignment ------------------------------------------------------------------------------


@dataclass
class AssignmentOutcome:
    created: int
    applications: int
    reviewers: int
    per_application: int
    unfilled: dict[int, int]  # application id -> reviewers missing
    shortfalls: dict[int, str]  # application id -> why (English, from the engine)
    loads: dict[int, int]  # reviewer user id -> live assignments in the round
    report: str  # the engine's full report (English)
    recused: list[int] = field(default_factory=list)  # assignments recused as conflicted

    @property
    def complete(self) -> bool:
        return not self.unfilled

    @property
    def load_spread(self) -> int:
        values = list(self.loads.values())
        return max(values) - min(values) if values else 0


class _Problem:
    """The round as the engine's inputs: ids, conflicts, capacities, affinities, existing."""

    def __init__(self, round_: Round, only_application: int | None = None) -> None:
        from markaz.programs.models import Application

        self.round = round_
        apps = list(
            Application.objects.filter(
                pk__in=round_.entries.values("application_id"), status__in=REVIEWABLE
            )
            .select_related("venture")
            .prefetch_related("venture__sdg_goals")
            .order_by("id")
        )
        self.applications = apps
        self.app_ids = [a.pk for a in apps]
        reviewer_role = set(
            Membership.objects.filter(center_id=round_.center_id, role=Role.REVIEWER).values_list(
                "user_id", flat=True
            )
        )
        pool = [m for m in round_.pool.all() if m.reviewer_id in reviewer_role]
        live = list(
            round_.assignments.filter(status__in=LIVE, application_id__in=self.app_ids).values_list(
                "pk", "application_id", "reviewer_id"
            )
        )
        self.capacities = {m.reviewer_id: m.capacity for m in pool if m.capacity is not None}
        self.reviewer_ids = [m.reviewer_id for m in pool]
        for _pk, _app, uid in live:  # reviewers who left the pool keep, but get no more
            if uid not in self.capacities and uid not in self.reviewer_ids:
                self.reviewer_ids.append(uid)
                self.capacities[uid] = 0
        checked = [a for a in apps if only_application in (None, a.pk)]
        self.conflicts = conflicts_between(round_.center_id, self.reviewer_ids, checked)
        recused = round_.assignments.filter(status=AssignmentStatus.RECUSED)
        for uid, app_id in recused.values_list("reviewer_id", "application_id"):
            if only_application in (None, app_id):
                self.conflicts.setdefault((uid, app_id), _("recused"))
        self.live = live
        expertise = {m.reviewer_id: set(m.expertise or []) for m in pool}
        goals = [{g.number for g in a.venture.sdg_goals.all()} for a in apps]
        self.affinity = np.zeros((len(self.reviewer_ids), len(apps)))
        for r, uid in enumerate(self.reviewer_ids):
            wanted = expertise.get(uid)
            if not wanted:
                continue
            for a, app_goals in enumerate(goals):
                if app_goals:
                    self.affinity[r, a] = len(wanted & app_goals) / len(app_goals)

    def existing(self, skip: set[int] = frozenset()) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for pk, app_id, uid in self.live:
            if pk not in skip:
                out.setdefault(app_id, []).append(uid)
        return out


def _conflicted_live(problem: _Problem) -> list[int]:
    return [pk for pk, app, uid in problem.live if (uid, app) in problem.conflicts]


def _recuse_rows(assignment_ids: list[int], now) -> None:
    Assignment.objects.filter(pk__in=assignment_ids).update(
        status=AssignmentStatus.RECUSED, recused_at=now
    )


def _save_new(round_: Round, problem: _Problem, result: engine.AssignmentResult, before) -> int:
    rev_index = {uid: i for i, uid in enumerate(problem.reviewer_ids)}
    app_index = {pk: i for i, pk in enumerate(problem.app_ids)}
    new = []
    for app_id, uids in result.assignments.items():
        for uid in uids:
            if uid in before.get(app_id, ()):
                continue
            new.append(
                Assignment(
                    center_id=round_.center_id,
                    round=round_,
                    application_id=app_id,
                    reviewer_id=uid,
                    fit=float(problem.affinity[rev_index[uid], app_index[app_id]]),
                )
            )
    Assignment.objects.bulk_create(new)
    return len(new)


def _outcome(round_: Round, problem, result, created: int, recused: list[int]) -> AssignmentOutcome:
    loads = dict.fromkeys([m.reviewer_id for m in round_.pool.all()], 0)
    for uid, count in result.loads.items():
        if uid in loads or count:
            loads[uid] = count
    return AssignmentOutcome(
        created=created,
        applications=len(problem.app_ids),
        reviewers=len(problem.reviewer_ids),
        per_application=round_.reviewers_per_application,
        unfilled=dict(result.unfilled),
        shortfalls=dict(result.shortfalls),
        loads=loads,
        report=result.report,
        recused=recused,
    )


@transaction.atomic
def assign_reviewers(*, scope: AccessScope, round: Round) -> AssignmentOutcome:
    """Give every application of the round its reviewers (min-cost flow: most slots filled,
    loads balanced, best expertise fit), never to a conflicted reviewer. Existing live
    assignments stay; any that became conflicted are recused first."""
    _require_staff(scope, round.center_id)
    round_ = Round.objects.select_for_update().get(pk=round.pk)
    if round_.status == RoundStatus.CLOSED:
        raise ValidationError(_("This round is closed."))
    if is_first_round(round_):
        _sync_first_round(round_)
    problem = _Problem(round_)
    recused = _conflicted_live(problem)
    if recused:
        _recuse_rows(recused, timezone.now())
        problem = _Problem(round_)
    before = problem.existing()
    result = engine.assign(
        problem.app_ids,
        problem.reviewer_ids,
        round_.reviewers_per_application,
        affinity=problem.affinity,
        conflicts=set(problem.conflicts),
        capacities=problem.capacities,
        existing=before,
    )
    created = _save_new(round_, problem, result, before)
    outcome = _outcome(round_, problem, result, created, recused)
    audit.record(
        action="review.round.assigned",
        actor=scope.user,
        center=round_.center,
        obj=round_,
        changes={
            "created": [0, created],
            "recused": [[], recused],
            "unfilled": [{}, {str(k): v for k, v in outcome.unfilled.items()}],
        },
    )
    return outcome


def _refill(
    round_: Round, application_id: int, recused_uid: int, recused_pk: int
) -> Assignment | None:
    """Fill the hole a recusal left in one application; every other assignment stays."""
    problem = _Problem(round_, only_application=application_id)
    if application_id not in problem.app_ids or round_.status == RoundStatus.CLOSED:
        return None
    if recused_uid not in problem.reviewer_ids:
        problem.reviewer_ids.append(recused_uid)
        problem.capacities[recused_uid] = 0
        problem.affinity = np.vstack([problem.affinity, np.zeros((1, len(problem.app_ids)))])
    current = problem.existing(skip=set())
    current.setdefault(application_id, [])
    if recused_uid not in current[application_id]:
        current[application_id].append(recused_uid)
    everyone = {app: current.get(app, []) for app in problem.app_ids}
    previous = engine.AssignmentResult(
        assignments=everyone,
        loads={},
        total_fit=0.0,
        unfilled={},
        report="",
        per_application=round_.reviewers_per_application,
    )
    result = engine.reassign_after_recusal(
        previous,
        recused_uid,
        application_id,
        reviewers=problem.reviewer_ids,
        affinity=problem.affinity,
        conflicts=[pair for pair in problem.conflicts if pair[1] == application_id],
        capacities=problem.capacities,
    )
    kept = {app: [u for u in uids if not (app == application_id and u == recused_uid)]
            for app, uids in everyone.items()}  # fmt: skip
    _save_new(round_, problem, result, kept)
    return (
        round_.assignments.filter(application_id=application_id, status=AssignmentStatus.ASSIGNED)
        .exclude(reviewer_id__in=kept[application_id])
        .exclude(pk=recused_pk)
        .first()
    )


@transaction.atomic
def recuse(*, scope: AccessScope, assignment: Assignment, reason: str = "") -> Assignment | None:
    """The reviewer declares a conflict on an application they were given: they are recused
    (their scores no longer count), the conflict is recorded for every later round, and the
    application gets another reviewer where one is free. Returns the new assignment, if any."""
    assignment = (
        Assignment.objects.select_for_update().select_related("round").get(pk=assignment.pk)
    )
    if not (
        perms.can_recuse(scope, assignment) or perms.can_manage_review(scope, assignment.center_id)
    ):
        raise PermissionDenied
    if assignment.status == AssignmentStatus.RECUSED:
        raise ValidationError(_("This assignment is already recused."))
    reason = (reason or "").strip()[:500]
    Conflict.objects.get_or_create(
        center_id=assignment.center_id,
        reviewer_id=assignment.reviewer_id,
        application_id=assignment.application_id,
        defaults={"reason": reason},
    )
    before = audit.snapshot(assignment, ["status"])
    assignment.status = AssignmentStatus.RECUSED
    assignment.recused_at = timezone.now()
    assignment.save(update_fields=["status", "recused_at"])
    replacement = _refill(
        assignment.round, assignment.application_id, assignment.reviewer_id, assignment.pk
    )
    audit.record(
        action="review.assignment.recused",
        actor=scope.user,
        center=assignment.center,
        obj=assignment,
        changes={
            **audit.diff(before, audit.snapshot(assignment, ["status"])),
            "replacement": [None, replacement.reviewer_id if replacement else None],
        },
    )
    return replacement


@transaction.atomic
def declare_relationship(
    *,
    scope: AccessScope,
    center: Center,
    organization=None,
    venture=None,
    reason: str = "",
) -> Conflict:
    """A reviewer declares a relationship with an organization or a venture: they are never
    assigned its applications, and recused (and replaced) from those they hold now."""
    if scope.user_id is None or not perms.is_reviewer_of(scope, center):
        raise PermissionDenied
    if organization is None and venture is None:
        raise ValidationError({"organization": _("Name an organization or a venture.")})
    if organization is not None and organization.center_id != center.pk:
        raise ValidationError({"organization": _("Choose an organization of this center.")})
    if venture is not None and venture.center_id != center.pk:
        raise ValidationError({"venture": _("Choose a venture of this center.")})
    conflict = Conflict(
        center=center,
        reviewer_id=scope.user_id,
        organization=organization,
        venture=venture,
        reason=(reason or "").strip()[:500],
    )
    conflict.full_clean()
    conflict.save()
    audit.record(
        action="review.conflict.declared", actor=scope.user, center=center, obj=conflict,
        changes={"organization": [None, getattr(organization, "pk", None)],
                 "venture": [None, getattr(venture, "pk", None)]},
    )  # fmt: skip
    held = list(
        Assignment.objects.filter(
            center=center, reviewer_id=scope.user_id, status__in=LIVE
        ).select_related("application", "application__venture", "round")
    )
    hit = conflicts_between(center.pk, [scope.user_id], [a.application for a in held])
    for a in held:
        if (scope.user_id, a.application_id) in hit:
            a.status = AssignmentStatus.RECUSED
            a.recused_at = timezone.now()
            a.save(update_fields=["status", "recused_at"])
            audit.record(
                action="review.assignment.recused", actor=scope.user, center=center, obj=a,
                changes={"status": [AssignmentStatus.ASSIGNED, AssignmentStatus.RECUSED]},
            )  # fmt: skip
            _refill(a.round, a.application_id, a.reviewer_id, a.pk)
    return conflict


# -- scoring and shortlist -------------------------------------------------------------------


@transaction.atomic
def submit_review(
    *,
    scope: AccessScope,
    assignment: Assignment,
    scores: dict[int, int],
    comment: str = "",
    comment_shared: bool = False,
) -> Assignment:
    """Score every criterion of the round's rubric; may be resubmitted while the round is open."""
    assignment = (
        Assignment.objects.select_for_update().select_related("round__rubric").get(pk=assignment.pk)
    )
    if not perms.can_score(scope, assignment):
        raise PermissionDenied
    rubric = assignment.round.rubric
    criteria = list(rubric.criteria.all())
    scores = {int(k): v for k, v in (scores or {}).items()}
    errors = []
    known = {c.pk for c in criteria}
    if set(scores) - known:
        errors.append(_("Scores were given for criteria this rubric does not have."))
    for c in criteria:
        value = scores.get(c.pk)
        if value is None or value == "":
            errors.append(_("Score “%(name)s”.") % {"name": c.name})
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = None
        if number is None or number not in rubric.scale or str(number) != str(value).strip():
            errors.append(
                _("“%(name)s” takes a whole score from %(low)s to %(high)s.")
                % {"name": c.name, "low": rubric.scale_min, "high": rubric.scale_max}
            )
        else:
            scores[c.pk] = number
    if errors:
        raise ValidationError({"scores": errors})
    before = {str(s.criterion_id): s.value for s in assignment.scores.all()}
    assignment.scores.all().delete()
    Score.objects.bulk_create(
        Score(assignment=assignment, criterion_id=c.pk, value=scores[c.pk]) for c in criteria
    )
    assignment.comment = (comment or "").strip()
    assignment.comment_shared = bool(comment_shared) and bool(assignment.comment)
    assignment.status = AssignmentStatus.SUBMITTED
    assignment.submitted_at = timezone.now()
    assignment.save()
    audit.record(
        action="review.assignment.submitted",
        actor=scope.user,
        center=assignment.center,
        obj=assignment,
        changes={"scores": [before, {str(k): v for k, v in scores.items()}]},
    )
    return assignment


def next_round(round_: Round) -> Round | None:
    return (
        Round.objects.filter(call_id=round_.call_id, position__gt=round_.position)
        .order_by("position", "id")
        .first()
    )


@transaction.atomic
def advance_shortlist(
    *,
    scope: AccessScope,
    round: Round,
    top: int | None = None,
    application_ids: list[int] | None = None,
) -> list[int]:
    """Advance the top `top` of the ranking (ties at the cut go too) or the chosen applications
    to the next round. Returns the ids advanced."""
    from markaz.review.board import ranking

    _require_staff(scope, round.center_id)
    following = next_round(round)
    if following is None:
        raise ValidationError(_("Add the next round first."))
    in_round = set(round.entries.values_list("application_id", flat=True))
    if application_ids:
        chosen = list(dict.fromkeys(int(a) for a in application_ids))
        if set(chosen) - in_round:
            raise ValidationError({"applications": _("Choose applications of this round.")})
    elif top is not None and top > 0:
        rows = [r for r in ranking(round).rows if r.rank is not None]
        cut = rows[top - 1].rank if len(rows) >= top else None
        chosen = [r.application_id for r in rows if cut is None or r.rank <= cut]
    else:
        raise ValidationError({"top": _("Give how many to advance, or choose applications.")})
    round.entries.filter(application_id__in=chosen).update(advanced=True)
    have = set(following.entries.values_list("application_id", flat=True))
    RoundApplication.objects.bulk_create(
        RoundApplication(round=following, application_id=a) for a in chosen if a not in have
    )
    audit.record(
        action="review.round.shortlisted",
        actor=scope.user,
        center=round.center,
        obj=round,
        changes={"advanced": [[], sorted(chosen)], "to_round": [None, following.pk]},
    )
    return chosen
