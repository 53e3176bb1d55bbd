"""Writes for mentoring profiles, needs and match rounds: one transaction, one permission
check and one audit entry each. Sessions, notes, feedback and goals are in `services_pairs`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from markaz.core import audit
from markaz.core.access import AccessScope
from markaz.core.models import Center
from markaz.core.writes import save_audited
from markaz.mentoring import emails, rounds
from markaz.mentoring import permissions as perms
from markaz.mentoring.matching import InstanceError
from markaz.mentoring.models import (
    ExpertiseArea,
    MatchRound,
    MenteeNeeds,
    MentorProfile,
    Mentorship,
    PairState,
    Ranking,
    RoundMode,
    RoundPair,
    RoundStatus,
)
from markaz.mentoring.scoring import COMPONENTS

PROFILE_FIELDS = [
    "sectors", "languages", "countries", "capacity", "timezone", "availability",
    "bio_en", "bio_ar", "opted_out",
]  # fmt: skip
NEEDS_FIELDS = [
    "sectors",
    "languages",
    "format",
    "goals_en",
    "goals_ar",
    "timezone",
    "availability",
]
ROUND_FIELDS = ["name_en", "name_ar", "mode", "weights", "program"]

BLOCK_MESSAGES = {
    "excluded_pair": gettext_lazy("Staff excluded this pair."),
    "affiliation_conflict": gettext_lazy(
        "Conflict of interest: the mentor is affiliated with the venture."
    ),
    "no_shared_language": gettext_lazy("They share no language."),
    "mentor_capacity_zero": gettext_lazy("The mentor has no free place."),
    "mentee_capacity_zero": gettext_lazy("The venture already has a mentor."),
    rounds.DECLARED_CONFLICT: gettext_lazy("The mentor declared a conflict of interest."),
}


def block_message(code: str) -> str:
    return str(BLOCK_MESSAGES.get(code, code))


def _require_staff(scope: AccessScope, center) -> None:
    if not perms.can_manage_mentoring(scope, center):
        raise PermissionDenied


def _same_center(objs, center: Center, field: str, message: str) -> None:
    if any(getattr(o, "center_id", None) not in (None, center.pk) for o in objs):
        raise ValidationError({field: message})


# -- expertise areas and profiles -------------------------------------------------------------


@transaction.atomic
def add_expertise_area(*, scope: AccessScope, center: Center, data: dict) -> ExpertiseArea:
    _require_staff(scope, center)
    code = (data.get("code") or "").strip()
    if ExpertiseArea.objects.filter(center__in=[center], code=code).exists() or (
        ExpertiseArea.objects.filter(center__isnull=True, code=code).exists()
    ):
        raise ValidationError({"code": _("This code is already used.")})
    return save_audited(
        ExpertiseArea(center=center),
        data=data,
        fields=["code", "name_en", "name_ar"],
        action="mentoring.area.created",
        scope=scope,
        center=center,
    )


@transaction.atomic
def save_mentor_profile(
    *,
    scope: AccessScope,
    center: Center,
    data: dict,
    expertise=None,
    sdg_goals=None,
    conflicted_ventures=None,
    profile: MentorProfile | None = None,
    person=None,
) -> MentorProfile:
    """Create or update a mentor profile serving `center`.

    The mentor edits their own (profile None: their own, created on first save); staff edit
    any profile serving their center, or create one for a person of the center (`person`).
    """
    if profile is None and person is None:
        if not perms.can_serve_as_mentor(scope, center):
            raise PermissionDenied
        from markaz.mentoring.selectors import own_profile

        profile = own_profile(scope) or MentorProfile(user=scope.user)
    elif profile is None:
        _require_staff(scope, center)
        if person.center_id != center.pk:
            raise ValidationError({"person": _("Choose a person of this center.")})
        profile = MentorProfile.objects.filter(person=person).first() or (
            MentorProfile.objects.filter(user_id=person.user_id).first() if person.user_id else None
        )
        profile = profile or MentorProfile(
            person=None if person.user_id else person, user_id=person.user_id
        )
    elif not (perms.owns_profile(scope, profile) or perms.can_manage_mentoring(scope, center)):
        raise PermissionDenied
    if expertise is not None:
        _same_center(expertise, center, "expertise", _("Choose areas of this center."))
    if conflicted_ventures is not None:
        _same_center(conflicted_ventures, center, "conflicted_ventures", _("Unknown venture."))
        if profile.pk:  # keep conflicts declared at other centers
            others = profile.conflicted_ventures.exclude(center=center)
            conflicted_ventures = [*others, *conflicted_ventures]
    if expertise is not None and profile.pk:
        others = profile.expertise.exclude(center=center).exclude(center__isnull=True)
        expertise = [*others, *expertise]
    creating = profile.pk is None
    profile = save_audited(
        profile,
        data=data,
        fields=PROFILE_FIELDS,
        action="mentoring.profile.created" if creating else "mentoring.profile.updated",
        scope=scope,
        center=center,
        m2m={
            "expertise": expertise,
            "sdg_goals": sdg_goals,
            "conflicted_ventures": conflicted_ventures,
        },
    )
    profile.centers.add(center)
    return profile


@transaction.atomic
def save_mentee_needs(*, scope: AccessScope, venture, data: dict, areas=None) -> MenteeNeeds:
    if not perms.can_edit_needs(scope, venture):
        raise PermissionDenied
    if areas is not None:
        _same_center(areas, venture.center, "areas", _("Choose areas of this center."))
    needs = MenteeNeeds.objects.filter(venture=venture).first()
    creating = needs is None
    return save_audited(
        needs or MenteeNeeds(venture=venture, center=venture.center),
        data=data,
        fields=NEEDS_FIELDS,
        action="mentoring.needs.created" if creating else "mentoring.needs.updated",
        scope=scope,
        center=venture.center,
        m2m={"areas": areas},
    )


# -- rounds -----------------------------------------------------------------------------------


def _check_weights(weights: dict) -> dict:
    unknown = set(weights) - set(COMPONENTS)
    if unknown:
        raise ValidationError({"weights": _("Unknown weight names.")})
    try:
        rounds.weights_of(MatchRound(weights=weights))
    except (TypeError, ValueError) as exc:
        raise ValidationError(
            {"weights": _("Weights must be numbers of at least 0, one of them above 0.")}
        ) from exc
    return {k: float(v) for k, v in weights.items()}


@transaction.atomic
def create_round(
    *, scope: AccessScope, center: Center, data: dict, ventures, mentors=()
) -> MatchRound:
    _require_staff(scope, center)
    data = {**data, "weights": _check_weights(data.get("weights") or {})}
    ventures, mentors = list(ventures), list(mentors)
    if not ventures:
        raise ValidationError({"ventures": _("Choose at least one venture.")})
    _same_center(ventures, center, "ventures", _("Choose ventures of this center."))
    if data.get("program") is not None and data["program"].center_id != center.pk:
        raise ValidationError({"program": _("Choose a program of this center.")})
    if any(not m.centers.filter(pk=center.pk).exists() for m in mentors):
        raise ValidationError({"mentors": _("Choose mentors who serve this center.")})
    return save_audited(
        MatchRound(center=center, created_by=scope.user),
        data=data,
        fields=ROUND_FIELDS,
        action="mentoring.round.created",
        scope=scope,
        center=center,
        m2m={"ventures": ventures, "mentors": mentors},
    )


def _require_open(match_round: MatchRound) -> None:
    if match_round.status == RoundStatus.PUBLISHED:
        raise ValidationError(_("This round is published; start a new round to rematch."))


@transaction.atomic
def solve_round(*, scope: AccessScope, match_round: MatchRound) -> dict:
    """Propose pairs for everything not locked; locked and excluded pairs are kept."""
    _require_staff(scope, match_round.center)
    match_round = MatchRound.objects.select_for_update().get(pk=match_round.pk)
    _require_open(match_round)
    people = rounds.people_of(match_round)
    weights = rounds.weights_of(match_round)
    try:
        if match_round.mode == RoundMode.STABLE:
            pairs = rounds.stable_pairs(people, match_round)
        else:
            pairs = rounds.optimal_pairs(people, weights)
    except InstanceError as exc:
        raise ValidationError(str(exc)) from exc
    match_round.pairs.filter(state=PairState.PROPOSED).delete()
    locked = set(people.locked)
    new = []
    for pair in pairs:
        why = rounds.explain_pair(people, pair, weights)
        if pair in locked:
            match_round.pairs.filter(
                venture_id=rounds.pk_of(pair[0]), mentor_id=rounds.pk_of(pair[1])
            ).update(fit=why.total, components=why.as_dict()["components"])
            continue
        new.append(
            RoundPair(
                round=match_round,
                venture_id=rounds.pk_of(pair[0]),
                mentor_id=rounds.pk_of(pair[1]),
                state=PairState.PROPOSED,
                fit=why.total,
                components=why.as_dict()["components"],
            )
        )
    RoundPair.objects.bulk_create(new)
    match_round.status = RoundStatus.PROPOSED
    match_round.solved_at = timezone.now()
    match_round.save(update_fields=["status", "solved_at"])
    summary = {
        "matched": len(pairs),
        "mentees": len(people.mentees),
        "mentors": len(people.mentors),
        "without_needs": len(people.without_needs),
        "total_fit": round(sum(p.fit or 0 for p in match_round.pairs.exclude(state="excluded")), 4),
    }
    audit.record(
        action="mentoring.round.solved",
        actor=scope.user,
        center=match_round.center,
        obj=match_round,
        changes={"summary": [None, summary]},
    )
    return summary


@transaction.atomic
def set_pair(
    *, scope: AccessScope, match_round: MatchRound, venture, mentor: MentorProfile, state: str
) -> RoundPair | None:
    """Staff review: lock a pair (an override when it was not proposed), exclude it, or clear
    it (state "clear": back to whatever the next solve proposes)."""
    _require_staff(scope, match_round.center)
    _require_open(match_round)
    if not match_round.ventures.filter(pk=venture.pk).exists():
        raise ValidationError({"venture": _("This venture is not in the round.")})
    if not rounds.round_mentors(match_round).filter(pk=mentor.pk).exists():
        raise ValidationError({"mentor": _("This mentor is not in the round.")})
    existing = RoundPair.objects.filter(round=match_round, venture=venture, mentor=mentor).first()
    before = existing.state if existing else None
    if state == "clear":
        if existing:
            existing.delete()
        pair = None
    elif state in (PairState.LOCKED, PairState.EXCLUDED):
        if state == PairState.LOCKED:
            people = rounds.people_of(match_round)
            key = (rounds.mentee_id(venture.pk), rounds.mentor_id(mentor.pk))
            if key[0] not in {m.id for m in people.mentees}:
                raise ValidationError({"venture": _("Record this venture's needs first.")})
            if key[1] not in {m.id for m in people.mentors}:
                raise ValidationError({"mentor": _("This mentor is not in the round.")})
            others = match_round.pairs.filter(venture=venture).exclude(mentor=mentor)
            # An override replaces the venture's other proposed or locked pair.
            others.exclude(state=PairState.EXCLUDED).delete()
            people.locked = [p for p in people.locked if p[0] != key[0]]
            people.excluded.discard(key)
            reason = people.block_reason(*key)
            if reason is not None:
                raise ValidationError({"mentor": block_message(reason)})
            taken = sum(1 for p in people.locked if p[1] == key[1])
            if taken >= people.mentor(key[1]).capacity:
                raise ValidationError({"mentor": block_message("mentor_capacity_zero")})
            why = rounds.explain_pair(people, key, rounds.weights_of(match_round))
            fit, components = why.total, why.as_dict()["components"]
        else:
            fit, components = None, []
        pair, _created = RoundPair.objects.update_or_create(
            round=match_round,
            venture=venture,
            mentor=mentor,
            defaults={"state": state, "fit": fit, "components": components},
        )
    else:
        raise ValidationError({"state": _("Choose lock, exclude or clear.")})
    audit.record(
        action="mentoring.pair.set",
        actor=scope.user,
        center=match_round.center,
        obj=match_round,
        changes={f"pair:{venture.pk}:{mentor.pk}": [before, None if pair is None else state]},
    )
    return pair


@transaction.atomic
def submit_ranking(
    *, scope: AccessScope, match_round: MatchRound, ranked: list[int], venture=None
) -> Ranking:
    """A venture's managers rank mentors (venture given), or a mentor ranks ventures."""
    if not perms.can_rank_in(scope, match_round, venture=venture):
        raise PermissionDenied
    if len(set(ranked)) != len(ranked):
        raise ValidationError({"ranked": _("Rank each one at most once.")})
    if venture is not None:
        allowed = set(rounds.round_mentors(match_round).values_list("pk", flat=True))
        key = {"round": match_round, "venture": venture}
    else:
        from markaz.mentoring.selectors import own_profile

        profile = own_profile(scope)
        allowed = set(match_round.ventures.values_list("pk", flat=True))
        key = {"round": match_round, "mentor": profile}
    if set(ranked) - allowed:
        raise ValidationError({"ranked": _("Rank only participants of this round.")})
    ranking, _created = Ranking.objects.update_or_create(**key, defaults={"ranked": ranked})
    audit.record(
        action="mentoring.ranking.submitted",
        actor=scope.user,
        center=match_round.center,
        obj=match_round,
        changes={"ranked": [None, ranked]},
    )
    return ranking


@transaction.atomic
def publish_round(*, scope: AccessScope, match_round: MatchRound) -> list[Mentorship]:
    """Turn proposed and locked pairs into mentorships and introduce both sides by email."""
    _require_staff(scope, match_round.center)
    match_round = MatchRound.objects.select_for_update().get(pk=match_round.pk)
    _require_open(match_round)
    pairs = list(
        match_round.pairs.exclude(state=PairState.EXCLUDED).select_related("venture", "mentor")
    )
    if not pairs:
        raise ValidationError(_("There is nothing to publish: solve the round first."))
    today = timezone.localdate()
    made = []
    for pair in pairs:
        if Mentorship.objects.filter(venture=pair.venture, status="active").exists():
            raise ValidationError(
                _("%(venture)s already has an active mentorship.") % {"venture": pair.venture}
            )
        made.append(
            Mentorship.objects.create(
                center=match_round.center,
                round=match_round,
                venture=pair.venture,
                mentor=pair.mentor,
                started_on=today,
                fit=pair.fit,
                components=pair.components,
            )
        )
    match_round.status = RoundStatus.PUBLISHED
    match_round.published_at = timezone.now()
    match_round.save(update_fields=["status", "published_at"])
    audit.record(
        action="mentoring.round.published",
        actor=scope.user,
        center=match_round.center,
        obj=match_round,
        changes={"mentorships": [None, [m.pk for m in made]]},
    )
    for mentorship in made:
        emails.introduce(mentorship)
    return made
