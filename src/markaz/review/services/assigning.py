"""Assignment of reviewers (through the min-cost-flow engine), recusal and declared conflicts."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from markaz.core import audit
from markaz.core.access import AccessScope
from markaz.core.models import Center, Membership, Role
from markaz.programs import assignment as engine
from markaz.review import permissions as perms
from markaz.review.conflicts import conflicts_between
from markaz.review.models import Assignment, AssignmentStatus, Conflict, Round, RoundStatus
from markaz.review.services._base import LIVE, REVIEWABLE
from markaz.review.services._base import require_staff as _require_staff
from markaz.review.services.setup import _sync_first_round, is_first_round

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
