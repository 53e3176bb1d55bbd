"""Scores of reviewers, and the shortlist that carries applications to the next round."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from markaz.core import audit
from markaz.core.access import AccessScope
from markaz.review import permissions as perms
from markaz.review.models import Assignment, AssignmentStatus, Round, RoundApplication, Score
from markaz.review.services._base import require_staff as _require_staff

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


@transaction.atomic
def retract_shortlist(*, scope: AccessScope, round: Round, application_ids: list[int]) -> list[int]:
    """Take applications back off the shortlist: they leave the next round, with their
    not-yet-scored assignments there. Refused once a reviewer of the next round has scored
    one of them, or once it has advanced further. Returns the ids taken back."""
    _require_staff(scope, round.center_id)
    following = next_round(round)
    chosen = list(dict.fromkeys(int(a) for a in application_ids or []))
    if following is None or not chosen:
        raise ValidationError({"applications": _("Choose applications on the shortlist.")})
    advanced = set(
        round.entries.filter(advanced=True, application_id__in=chosen).values_list(
            "application_id", flat=True
        )
    )
    if set(chosen) - advanced:
        raise ValidationError({"applications": _("Choose applications on the shortlist.")})
    later = following.entries.filter(application_id__in=chosen)
    scored = Score.objects.filter(
        assignment__round=following, assignment__application_id__in=chosen
    ).exists()
    if scored or later.filter(advanced=True).exists():
        raise ValidationError(
            {
                "applications": _(
                    "Some of these applications were already scored in the next round or "
                    "advanced beyond it, so they stay on the shortlist."
                )
            }
        )
    dropped = list(
        following.assignments.filter(application_id__in=chosen).values_list("pk", "reviewer_id")
    )
    following.assignments.filter(application_id__in=chosen).delete()
    later.delete()
    round.entries.filter(application_id__in=chosen).update(advanced=False)
    audit.record(
        action="review.round.shortlist_retracted",
        actor=scope.user,
        center=round.center,
        obj=round,
        changes={
            "advanced": [sorted(chosen), []],
            "to_round": [following.pk, None],
            "assignments_removed": [[pk for pk, _uid in dropped], []],
        },
    )
    return chosen
