"""Setting a review up: rubrics (criteria, weights, level descriptions), rounds and their
reviewer pools; and changing them afterwards without corrupting scores already given."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from markaz.core import audit
from markaz.core.access import AccessScope
from markaz.core.models import Center, Membership, Role
from markaz.core.writes import apply_fields, save_audited
from markaz.review.models import (
    Criterion,
    CriterionLevel,
    PoolMember,
    Round,
    RoundApplication,
    RoundStatus,
    Rubric,
    Score,
)
from markaz.review.services._base import REVIEWABLE
from markaz.review.services._base import require_staff as _require_staff

RUBRIC_FIELDS = ["name_en", "name_ar", "scale_min", "scale_max"]
CRITERION_FIELDS = ["name_en", "name_ar", "description_en", "description_ar", "weight"]
ROUND_FIELDS = [
    "name_en", "name_ar", "rubric", "reviewers_per_application", "due_on", "normalize",
]  # fmt: skip


# -- rubrics and rounds ---------------------------------------------------------------------


def _criterion_error(position: int, exc: ValidationError) -> ValidationError:
    return ValidationError(
        {"criteria": [_("Criterion %(n)s: %(e)s") % {"n": position, "e": m} for m in exc.messages]}
    )


def _save_criterion(
    rubric: Rubric, position: int, item: dict, criterion: Criterion | None = None
) -> Criterion:
    """Create or change one criterion from `item`; its `levels`, when given, replace the
    criterion's level descriptions."""
    criterion = criterion or Criterion(rubric=rubric)
    criterion.position = position
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
        raise _criterion_error(position, exc) from None
    creating = criterion.pk is None
    criterion.save()
    if not creating and "levels" not in item:
        return criterion
    levels = []
    for level in item.get("levels") or []:
        value = level.get("value")
        if not isinstance(value, int) or value not in rubric.scale:
            raise ValidationError({"criteria": _("Level scores must lie on the rubric's scale.")})
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
    criterion.levels.all().delete()
    CriterionLevel.objects.bulk_create(levels)
    return criterion


def _criteria_summary(rubric: Rubric) -> list[dict]:
    """What the audit entry keeps of a rubric's criteria, before and after a change."""
    return [
        {
            "id": c.pk,
            "name_en": c.name_en,
            "name_ar": c.name_ar,
            "description_en": c.description_en,
            "description_ar": c.description_ar,
            "weight": str(c.weight),
            "levels": [[lv.value, lv.description_en, lv.description_ar] for lv in c.levels.all()],
        }
        for c in rubric.criteria.prefetch_related("levels").order_by("position", "id")
    ]


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
        _save_criterion(rubric, position, item)
    return rubric


def rubric_is_scored(rubric: Rubric) -> bool:
    """Has any reviewer scored against this rubric (in any round)?"""
    return Score.objects.filter(criterion__rubric=rubric).exists()


@transaction.atomic
def update_rubric(
    *, scope: AccessScope, rubric: Rubric, data: dict, criteria: list[dict] | None = None
) -> Rubric:
    """Change a rubric: its names and scale (`data`, only the keys given) and, when `criteria`
    is given, its whole list of criteria: items with an `id` change that criterion, items
    without one add a criterion, criteria left out are removed; the list's order is the new
    order, and each item's `levels` replace that criterion's level descriptions.

    Once a reviewer has scored against the rubric, the meaning of those scores is fixed: the
    scale and the set of criteria can no longer change (refused, naming what to do instead).
    Wording (names, descriptions, level descriptions), order and weights stay editable:
    scores are stored per criterion, so a new weight re-weighs the totals of the ranking
    without touching any score, and the audit entry keeps the weights before and after.
    """
    _require_staff(scope, rubric.center_id)
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    scored = rubric_is_scored(rubric)
    before = {**audit.snapshot(rubric, RUBRIC_FIELDS), "criteria": _criteria_summary(rubric)}
    touched = apply_fields(rubric, data, RUBRIC_FIELDS)
    if scored and any(getattr(rubric, name) != before[name] for name in ("scale_min", "scale_max")):
        raise ValidationError(
            {
                "scale_max": _(
                    "Reviewers have already scored against this rubric, so its scale cannot "
                    "change. Create a new rubric for a new round instead."
                )
            }
        )
    if touched:
        rubric.full_clean(exclude=["call", "center"])
        rubric.save()
    existing = {c.pk: c for c in rubric.criteria.all()}
    if criteria is not None:
        if not criteria:
            raise ValidationError({"criteria": _("Add at least one criterion.")})
        ids = [item.get("id") for item in criteria if item.get("id") is not None]
        if len(set(ids)) != len(ids) or set(ids) - set(existing):
            raise ValidationError({"criteria": _("Name only criteria of this rubric, once each.")})
        if scored and (set(ids) != set(existing) or len(ids) != len(criteria)):
            raise ValidationError(
                {
                    "criteria": _(
                        "Reviewers have already scored against this rubric, so criteria can no "
                        "longer be added or removed: their scores would no longer add up. "
                        "Names, descriptions, level descriptions and weights can still change; "
                        "for other criteria create a new rubric for a new round."
                    )
                }
            )
        for pk in set(existing) - set(ids):
            existing[pk].delete()
        # Out of the way of the unique positions first, then in the new order.
        for offset, pk in enumerate(ids, start=1):
            Criterion.objects.filter(pk=pk).update(position=1000 + offset)
        for position, item in enumerate(criteria, start=1):
            pk = item.get("id")
            _save_criterion(
                rubric, position, item, Criterion.objects.get(pk=pk) if pk is not None else None
            )
    elif touched:
        outside = CriterionLevel.objects.filter(criterion__rubric=rubric).exclude(
            value__gte=rubric.scale_min, value__lte=rubric.scale_max
        )
        if outside.exists():
            raise ValidationError({"criteria": _("Level scores must lie on the rubric's scale.")})
    after = {**audit.snapshot(rubric, RUBRIC_FIELDS), "criteria": _criteria_summary(rubric)}
    audit.record(
        action="review.rubric.updated",
        actor=scope.user,
        center=rubric.center,
        obj=rubric,
        changes=audit.diff(before, after),
    )
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


def round_is_scored(round_: Round) -> bool:
    """Has any reviewer scored in this round (recused reviews included)?"""
    return Score.objects.filter(assignment__round=round_).exists()


def review_started(call) -> bool:
    """Has any reviewer been given an application of this call, in any round?"""
    from markaz.review.models import Assignment

    return Assignment.objects.filter(round__call=call).exists()


@transaction.atomic
def update_round(*, scope: AccessScope, round: Round, data: dict) -> Round:
    """Change a round (only the keys given): names, rubric, reviewers per application, due
    date, normalization, and its call's blind flag (`blind_review`).

    Refused where the change would corrupt what reviewers did: another rubric once anyone
    scored in the round (their scores belong to the old criteria), and blind review switched
    on once reviewers were given applications of the call (they may have seen who applied).
    Switching it off is allowed and audited on the call. Fewer reviewers per application keep
    the existing assignments; more are filled by assigning again.
    """
    _require_staff(scope, round.center_id)
    round_ = Round.objects.select_for_update().select_related("call").get(pk=round.pk)
    if "rubric" in data:
        rubric = data["rubric"]
        if rubric is None or rubric.call_id != round_.call_id:
            raise ValidationError({"rubric": _("Choose a rubric of this call.")})
        if rubric.pk != round_.rubric_id and round_is_scored(round_):
            raise ValidationError(
                {
                    "rubric": _(
                        "Reviewers have already scored this round against its rubric, so the "
                        "rubric cannot be replaced. Add a new round with the other rubric instead."
                    )
                }
            )
    blind = data.get("blind_review")
    if blind is not None and bool(blind) != round_.call.blind_review:
        if blind and review_started(round_.call):
            raise ValidationError(
                {
                    "blind_review": _(
                        "Reviewers have already been given applications of this call and may "
                        "have seen who applied, so blind review can no longer be switched on."
                    )
                }
            )
        from markaz.programs import services as programs

        programs.update_call(scope=scope, call=round_.call, data={"blind_review": bool(blind)})
        round_.call.refresh_from_db()
    return save_audited(
        round_,
        data=data,
        fields=ROUND_FIELDS,
        action="review.round.updated",
        scope=scope,
        center=round_.center,
    )


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
