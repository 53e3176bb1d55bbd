"""Writes for networking: profiles and double opt-in introductions.

Each is one transaction with one audit entry. Emails go through `core.notify.send_email`
(after the commit, in each recipient's language). The introduction email, with both people's
contacts, is sent only when both have accepted; before that each person is only asked, with
no contact details; a decline or an expiry sends nothing to anyone.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from markaz.core import audit
from markaz.core.access import AccessScope
from markaz.core.models import Center
from markaz.core.notify import send_email
from markaz.core.writes import save_audited
from markaz.networking import permissions as perms
from markaz.networking import selectors
from markaz.networking.models import Introduction, IntroductionState, NetworkingProfile
from markaz.stakeholders.models import Person

PROFILE_FIELDS = [
    "visibility", "headline_en", "headline_ar", "expertise", "interests", "open_to_introductions",
]  # fmt: skip
EXPIRES_AFTER = timedelta(days=30)
MAX_TAGS = 20


def clean_tags(values) -> list[str]:
    """Trimmed, de-duplicated (case-insensitively) tags, at most MAX_TAGS of 60 characters."""
    if isinstance(values, str):
        values = values.replace("،", ",").split(",")
    seen, tags = set(), []
    for value in values or []:
        tag = " ".join(str(value).split())[:60]
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tags[:MAX_TAGS]


@transaction.atomic
def update_profile(*, scope: AccessScope, person: Person, data: dict, sdg_goals=None):
    if not perms.can_edit_profile(scope, person):
        raise PermissionDenied
    profile = NetworkingProfile.objects.filter(person=person).first()
    creating = profile is None
    profile = profile or NetworkingProfile(person=person)
    data = dict(data)
    for key in ("expertise", "interests"):
        if key in data:
            data[key] = clean_tags(data[key])
    action = "networking.profile.created" if creating else "networking.profile.updated"
    return save_audited(
        profile,
        data=data,
        fields=PROFILE_FIELDS,
        action=action,
        scope=scope,
        center=person.center,
        m2m={"sdg_goals": sdg_goals},
    )


# -- introductions ---------------------------------------------------------------------------


def _recipient(person: Person):
    """Who gets a person's email: their login (for its language) or their address."""
    if person.user_id and person.user.email:
        return person.user
    return person.email or None


def _ask(introduction: Introduction, person: Person, other: Person) -> None:
    send_email(
        to=_recipient(person),
        template="networking/email/asked",
        context={
            "introduction": introduction,
            "person": person,
            "other": other,
            "center_slug": _center_slug_for(introduction, person),
            "brokered": introduction.via_staff,
        },
    )


def _center_slug_for(introduction: Introduction, person: Person) -> str:
    return person.center.slug if person.center_id else introduction.center.slug


def _introduce(introduction: Introduction) -> None:
    a, b = introduction.requester, introduction.target
    for person, other in ((a, b), (b, a)):
        send_email(
            to=_recipient(person),
            template="networking/email/introduced",
            context={
                "introduction": introduction,
                "person": person,
                "other": other,
                "other_email": other.email if other.contact_channel != "none" else "",
                "other_phone": other.phone if other.contact_channel == "phone" else "",
                "center_slug": _center_slug_for(introduction, person),
            },
        )


def _check_pair(scope: AccessScope, center: Center, requester: Person, target: Person) -> None:
    if requester.pk == target.pk:
        raise ValidationError({"target": _("An introduction needs two different people.")})
    listed = selectors.directory_for(scope, center)
    if not listed.filter(pk=target.pk).exists():
        raise ValidationError({"target": _("Choose a person listed in the directory.")})
    profile = getattr(target, "networking_profile", None)
    if profile is None or not profile.open_to_introductions:
        raise ValidationError({"target": _("This person is not open to introductions.")})
    if selectors.open_between(requester, target).exists():
        raise ValidationError(
            {"target": _("An introduction between you two is already under way.")}
        )


@transaction.atomic
def request_introduction(
    *, scope: AccessScope, center: Center, target: Person, message: str = "", via_staff=False
) -> Introduction:
    """The signed-in person asks to meet `target`, directly or through the center's staff.

    Asking counts as the requester's acceptance. Directly: the target is asked now. Through
    staff: a staff member forwards the request first.
    """
    requester = selectors.own_person_in(scope, center)
    if requester is None:
        raise PermissionDenied
    _check_pair(scope, center, requester, target)
    now = timezone.now()
    intro = Introduction(
        center=center, requester=requester, target=target, via_staff=bool(via_staff),
        message=(message or "").strip()[:2000], requester_accepted_at=now,
        expires_at=now + EXPIRES_AFTER, created_by=scope.user,
        state=IntroductionState.REQUESTED if via_staff else IntroductionState.ACCEPTED_ONE,
    )  # fmt: skip
    intro.full_clean()
    intro.save()
    audit.record(
        action="networking.introduction.requested", actor=scope.user, center=center, obj=intro,
        changes={"target": [None, target.pk], "via_staff": [None, intro.via_staff]},
    )  # fmt: skip
    if not via_staff:
        _ask(intro, target, requester)
    return intro


@transaction.atomic
def propose_introduction(
    *, scope: AccessScope, center: Center, requester: Person, target: Person, message: str = ""
) -> Introduction:
    """Staff broker an introduction between two listed people; both are asked."""
    if not perms.can_broker(scope, center):
        raise PermissionDenied
    listed = selectors.directory_for(scope, center)
    if not listed.filter(pk=requester.pk).exists():
        raise ValidationError({"requester": _("Choose a person listed in the directory.")})
    _check_pair(scope, center, requester, target)
    now = timezone.now()
    intro = Introduction(
        center=center, requester=requester, target=target, via_staff=True, broker=scope.user,
        forwarded_at=now, message=(message or "").strip()[:2000], expires_at=now + EXPIRES_AFTER,
        created_by=scope.user, state=IntroductionState.REQUESTED,
    )  # fmt: skip
    intro.full_clean()
    intro.save()
    audit.record(
        action="networking.introduction.proposed", actor=scope.user, center=center, obj=intro,
        changes={"requester": [None, requester.pk], "target": [None, target.pk]},
    )  # fmt: skip
    _ask(intro, requester, target)
    _ask(intro, target, requester)
    return intro


def _lock(introduction: Introduction) -> Introduction:
    return (
        Introduction.objects.select_for_update(of=("self",))
        .select_related("requester__user", "target__user", "requester__center", "center")
        .select_related("target__center")
        .get(pk=introduction.pk)
    )


def _refuse_if_expired(intro: Introduction) -> None:
    if intro.state in (IntroductionState.REQUESTED, IntroductionState.ACCEPTED_ONE) and (
        intro.expires_at <= timezone.now()
    ):
        raise ValidationError(_("This introduction request has expired."))


@transaction.atomic
def forward_introduction(*, scope: AccessScope, introduction: Introduction) -> Introduction:
    """A staff broker passes a person's request on: the target is asked."""
    intro = _lock(introduction)
    if not perms.can_broker(scope, intro.center_id):
        raise PermissionDenied
    if not intro.awaits_broker() or intro.state != IntroductionState.REQUESTED:
        raise ValidationError(_("This request is not waiting for the staff."))
    _refuse_if_expired(intro)
    intro.forwarded_at = timezone.now()
    intro.broker = scope.user
    intro.state = IntroductionState.ACCEPTED_ONE
    intro.save(update_fields=["forwarded_at", "broker", "state"])
    audit.record(
        action="networking.introduction.forwarded", actor=scope.user, center=intro.center,
        obj=intro, changes={"state": [IntroductionState.REQUESTED, intro.state]},
    )  # fmt: skip
    _ask(intro, intro.target, intro.requester)
    return intro


@transaction.atomic
def respond_to_introduction(
    *, scope: AccessScope, introduction: Introduction, accept: bool
) -> Introduction:
    """One side answers. Both accepted: introduced (the only email with contacts). A decline
    closes the request quietly: nobody is told."""
    intro = _lock(introduction)
    _refuse_if_expired(intro)
    side = intro.pending_side(scope.person_id)
    if side is None:
        if intro.state in (IntroductionState.REQUESTED, IntroductionState.ACCEPTED_ONE):
            raise PermissionDenied
        raise ValidationError(_("This introduction request is closed."))
    before = intro.state
    now = timezone.now()
    if not accept:
        intro.state, intro.declined_at = IntroductionState.DECLINED, now
        intro.declined_by_id = scope.person_id
    else:
        setattr(intro, f"{side}_accepted_at", now)
        if intro.requester_accepted_at and intro.target_accepted_at:
            intro.state, intro.introduced_at = IntroductionState.INTRODUCED, now
        else:
            intro.state = IntroductionState.ACCEPTED_ONE
    intro.save()
    action = "accepted" if accept else "declined"
    audit.record(
        action=f"networking.introduction.{action}", actor=scope.user, center=intro.center,
        obj=intro, changes={"state": [before, intro.state], "side": [None, side]},
    )  # fmt: skip
    if intro.state == IntroductionState.INTRODUCED:
        _introduce(intro)
    return intro


@transaction.atomic
def expire_introductions(*, now=None) -> int:
    """Close open requests past their date (quietly). Returns how many were closed."""
    count = 0
    overdue = selectors.overdue_introductions(now).select_related("center")
    for intro in overdue.select_for_update(of=("self",)):
        before = intro.state
        intro.state = IntroductionState.EXPIRED
        intro.save(update_fields=["state"])
        audit.record(
            action="networking.introduction.expired", center=intro.center, obj=intro,
            changes={"state": [before, intro.state]},
        )  # fmt: skip
        count += 1
    return count
