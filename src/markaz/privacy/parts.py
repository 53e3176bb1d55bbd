"""What each app holds about one person: how to export it and what erasure does to it.

Each function takes a `Subject` (the user and their person record, if any). Collectors
return plain JSON values; erasers return how many rows they changed. Everything is read and
written here, in the privacy app, so other apps need not know about it; `registry.py` lists
the parts and the test in `tests/test_registry.py` fails when a model with a foreign key to a
user or a person is in no part.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile

# Never exported: credentials, even hashed ones, and bearer codes.
SECRET_FIELDS = frozenset({"password", "digest", "secret", "ticket_code", "last_step"})
ERASED_TEXT = "[erased]"


@dataclass(frozen=True)
class Subject:
    user: Any
    person: Any | None

    @property
    def person_id(self) -> int | None:
        return self.person.pk if self.person is not None else None


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if hasattr(value, "code") and type(value).__name__ == "Country":
        return value.code
    return value


def row(obj: models.Model, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """Every concrete field of obj (foreign keys as ids), minus secrets."""
    out = {}
    for f in obj._meta.concrete_fields:
        if f.name in SECRET_FIELDS or f.name in skip:
            continue
        out[f.attname] = _plain(getattr(obj, f.attname))
    return out


def rows(queryset, **kw) -> list[dict[str, Any]]:
    return [row(o, **kw) for o in queryset.order_by("pk")]


def _models(label: str):
    from django.apps import apps

    return apps.get_model(label)


# -- core ------------------------------------------------------------------------------------


def collect_profile(s: Subject) -> dict:
    out = row(s.user, skip=("is_superuser", "is_staff"))
    out["groups"] = sorted(s.user.groups.values_list("name", flat=True))
    return out


def _state(obj: models.Model) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def erase_profile(s: Subject) -> int:
    user = s.user
    if not user.is_active and user.username == f"erased-{user.pk}":
        return 0
    user.username = f"erased-{user.pk}"
    user.email = f"erased-{user.pk}@erased.invalid"
    user.first_name = user.last_name = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()  # also ends every session (their auth hash changes)
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    return 1


def collect_memberships(s: Subject) -> dict:
    from markaz.core.models import Membership, NetworkRole

    return {
        "centers": [
            {"center": m.center.slug, "role": m.role, "since": _plain(m.created_at)}
            for m in Membership.objects.filter(user=s.user).select_related("center")
        ],
        "networks": [
            {"network": r.network.slug, "role": r.role}
            for r in NetworkRole.objects.filter(user=s.user).select_related("network")
        ],
    }


def erase_memberships(s: Subject) -> int:
    from markaz.core.models import Membership, NetworkRole

    return (
        Membership.objects.filter(user=s.user).delete()[0]
        + NetworkRole.objects.filter(user=s.user).delete()[0]
    )


def collect_tokens(s: Subject) -> list:
    from markaz.core.models import ApiToken

    return [
        {**row(t), "center": t.center.slug}
        for t in ApiToken.objects.filter(user=s.user).select_related("center").order_by("pk")
    ]


def erase_tokens(s: Subject) -> int:
    from django.utils import timezone

    from markaz.core.models import ApiToken

    return ApiToken.objects.filter(user=s.user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def collect_audit(s: Subject) -> list:
    from markaz.core.models import AuditEntry

    return [
        {k: _plain(v) for k, v in e.items()}
        for e in AuditEntry.objects.filter(actor=s.user)
        .order_by("pk")
        .values(
            "id",
            "created_at",
            "center_id",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "changes",
            "request_id",
        )
    ]


def collect_admin_log(s: Subject) -> list:
    from django.contrib.admin.models import LogEntry

    return rows(LogEntry.objects.filter(user=s.user))


def collect_security(s: Subject) -> dict:
    from markaz.accounts.models import RecoveryCode, TwoFactor

    two = TwoFactor.objects.filter(user=s.user).first()
    return {
        "two_factor": {"enabled_at": _plain(two.created_at)} if two else None,
        "recovery_codes": {
            "unused": RecoveryCode.objects.filter(user=s.user, used_at__isnull=True).count(),
            "used_at": [_plain(d) for d in RecoveryCode.objects.filter(
                user=s.user, used_at__isnull=False).values_list("used_at", flat=True)],
        },
    }  # fmt: skip


def erase_security(s: Subject) -> int:
    from markaz.accounts.models import RecoveryCode, TwoFactor

    return (
        TwoFactor.objects.filter(user=s.user).delete()[0]
        + RecoveryCode.objects.filter(user=s.user).delete()[0]
    )


# -- people ----------------------------------------------------------------------------------


def collect_person(s: Subject) -> dict | None:
    if s.person is None:
        return None
    return {**row(s.person), "center": s.person.center.slug}


def erase_person(s: Subject) -> int:
    from markaz.stakeholders.models import ContactChannel

    p = s.person
    if p is None:
        return 0
    before = _state(p)
    p.name_en = f"Erased person {p.pk}"
    p.name_ar = f"شخص محذوف {p.pk}"
    p.email = p.phone = p.city = p.bio_en = p.bio_ar = ""
    p.country = ""
    p.languages, p.expertise = [], []
    p.contact_channel = ContactChannel.NONE
    if _state(p) == before:
        return 0
    p.save()  # a save, not an update: the search index follows through its signal
    return 1


def collect_affiliations(s: Subject) -> list:
    from markaz.stakeholders.models import Affiliation

    return [
        {**row(a), "organization_name": a.organization.name}
        for a in Affiliation.objects.filter(person_id=s.person_id).select_related("organization")
    ]


def erase_affiliations(s: Subject) -> int:
    from markaz.stakeholders.models import Affiliation

    return Affiliation.objects.filter(person_id=s.person_id).exclude(title="").update(title="")


def collect_ventures(s: Subject) -> list:
    from markaz.ventures.models import TeamMember

    return [
        {"venture_id": t.venture_id, "venture": t.venture.name, "center": t.venture.center.slug,
         "role": t.role, "can_manage": t.can_manage}
        for t in TeamMember.objects.filter(person_id=s.person_id)
        .select_related("venture__center").order_by("pk")
    ]  # fmt: skip


# -- programs and review ---------------------------------------------------------------------


def collect_applications(s: Subject) -> list:
    from markaz.programs.models import Application

    out = []
    qs = Application.objects.filter(applicant=s.user).select_related("call", "venture")
    for a in qs.prefetch_related("attachments").order_by("pk"):
        out.append(
            {
                **row(a),
                "call": a.call.title,
                "venture": a.venture.name,
                "attachments": [row(f) for f in a.attachments.all()],
            }
        )
    return out


def erase_applications(s: Subject) -> int:
    """Answers and files of drafts and of applications that were not selected. Accepted,
    waitlisted and undecided ones are the program's record of a venture it supports or is
    deciding on and stay (their applicant is anonymized)."""
    from markaz.privacy import retention
    from markaz.programs.models import Application, Status

    qs = Application.objects.filter(
        applicant=s.user, status__in=[Status.DRAFT, Status.REJECTED, Status.WITHDRAWN]
    )
    return retention.purge(qs)["applications"]


def collect_reviews(s: Subject) -> dict:
    from markaz.review.models import Assignment, Conflict, PoolMember

    return {
        "assignments": [
            {**row(a), "scores": [{"criterion_id": sc.criterion_id, "value": sc.value}
                                  for sc in a.scores.all()]}
            for a in Assignment.objects.filter(reviewer=s.user).prefetch_related("scores")
            .order_by("pk")
        ],
        "pools": rows(PoolMember.objects.filter(reviewer=s.user)),
        "conflicts": rows(Conflict.objects.filter(reviewer=s.user)),
    }  # fmt: skip


# -- mentoring -------------------------------------------------------------------------------


def collect_mentoring(s: Subject) -> dict:
    from markaz.mentoring.models import Feedback, MentorProfile, Mentorship, Session, SessionNote

    profile = MentorProfile.objects.filter(user=s.user).first()
    if profile is None and s.person_id is not None:
        profile = MentorProfile.objects.filter(person_id=s.person_id).first()
    mentorships = Mentorship.objects.none()
    if profile is not None:
        mentorships = Mentorship.objects.filter(mentor=profile)
    if s.person_id is not None:
        mentorships = mentorships | Mentorship.objects.filter(venture__team__person_id=s.person_id)
    mentorships = mentorships.distinct()
    return {
        "mentor_profile": row(profile) if profile else None,
        "mentorships": rows(mentorships),
        "sessions": rows(Session.objects.filter(mentorship__in=mentorships)),
        "notes_written": rows(SessionNote.objects.filter(author=s.user)),
        "feedback_written": rows(Feedback.objects.filter(author=s.user)),
    }


def erase_mentoring(s: Subject) -> int:
    from markaz.mentoring.models import Feedback, MentorProfile, SessionNote

    q = models.Q(user=s.user)
    if s.person_id is not None:
        q |= models.Q(person_id=s.person_id)
    n = MentorProfile.objects.filter(q).update(
        bio_en="", bio_ar="", availability=[], opted_out=True
    )
    n += (
        SessionNote.objects.filter(author=s.user).exclude(text=ERASED_TEXT).update(text=ERASED_TEXT)
    )
    n += Feedback.objects.filter(author=s.user).exclude(comment="").update(comment="")
    return n


# -- events, resources, networking, knowledge, challenges, communities ------------------------


def _registrations(s: Subject):
    from markaz.events.models import Registration

    q = models.Q(user=s.user)
    if s.person_id is not None:
        q |= models.Q(person_id=s.person_id)
    return Registration.objects.filter(q)


def collect_events(s: Subject) -> dict:
    from markaz.events.models import CalendarFeed, Feedback

    regs = _registrations(s).select_related("event")
    return {
        "registrations": [{**row(r), "event": r.event.title} for r in regs.order_by("pk")],
        "feedback": rows(Feedback.objects.filter(registration__in=regs)),
        "calendar_feed": CalendarFeed.objects.filter(user=s.user).exists(),
    }


def erase_events(s: Subject) -> int:
    from markaz.events.models import CalendarFeed, Feedback

    regs = _registrations(s)
    n = regs.exclude(answers={}).update(answers={})
    n += Feedback.objects.filter(registration__in=regs).exclude(comment="").update(comment="")
    n += CalendarFeed.objects.filter(user=s.user).delete()[0]
    return n


def collect_bookings(s: Subject) -> dict:
    from markaz.resources.models import Booking, ServiceRequest

    return {
        "bookings": rows(Booking.objects.filter(booked_by=s.user)),
        "service_requests": rows(ServiceRequest.objects.filter(requested_by=s.user)),
    }


def erase_bookings(s: Subject) -> int:
    from markaz.resources.models import Booking

    return Booking.objects.filter(booked_by=s.user).exclude(purpose="").update(purpose="")


def collect_networking(s: Subject) -> dict:
    from markaz.networking.models import Introduction, NetworkingProfile

    profile = NetworkingProfile.objects.filter(person_id=s.person_id).first()
    intros = Introduction.objects.filter(
        models.Q(requester_id=s.person_id) | models.Q(target_id=s.person_id)
    )
    return {
        "profile": (
            {**row(profile), "sdg_goals": sorted(profile.sdg_goals.values_list("pk", flat=True))}
            if profile else None
        ),
        "introductions": rows(intros) if s.person_id is not None else [],
    }  # fmt: skip


def erase_networking(s: Subject) -> int:
    from markaz.networking.models import Introduction, NetworkingProfile, Visibility

    if s.person_id is None:
        return 0
    n = 0
    profile = NetworkingProfile.objects.filter(person_id=s.person_id).first()
    if profile is not None:
        before = (_state(profile), profile.sdg_goals.exists())
        profile.visibility = Visibility.HIDDEN
        profile.headline_en = profile.headline_ar = ""
        profile.expertise, profile.interests = [], []
        profile.open_to_introductions = False
        if (_state(profile), profile.sdg_goals.exists()) != before:
            profile.save()  # closes the directory consent through the consent receiver
            profile.sdg_goals.clear()
            n += 1
    n += (
        Introduction.objects.filter(requester_id=s.person_id).exclude(message="").update(message="")
    )
    return n


def collect_knowledge(s: Subject) -> dict:
    from markaz.knowledge.models import Entry, Feedback

    authored = Entry.objects.none()
    if s.person_id is not None:
        authored = Entry.objects.filter(authors__id=s.person_id)
    return {
        "entries_authored": [
            {"id": e.pk, "title": e.title, "type": e.type, "visibility": e.visibility,
             "status": e.status, "center_id": e.center_id}
            for e in authored.order_by("pk")
        ],
        "feedback": rows(Feedback.objects.filter(user=s.user)),
    }  # fmt: skip


def collect_challenge_comments(s: Subject) -> list:
    from markaz.challenges.models import Comment

    return rows(Comment.objects.filter(author=s.user))


def erase_challenge_comments(s: Subject) -> int:
    from markaz.challenges.models import Comment

    return Comment.objects.filter(author=s.user).exclude(body=ERASED_TEXT).update(body=ERASED_TEXT)


def collect_communities(s: Subject) -> dict:
    from markaz.network.models import CommunityMember, Reply, Thread

    return {
        "memberships": rows(CommunityMember.objects.filter(user=s.user)),
        "threads": rows(Thread.objects.filter(author=s.user)),
        "replies": rows(Reply.objects.filter(author=s.user)),
    }


def erase_communities(s: Subject) -> int:
    from markaz.network.models import CommunityMember, Reply, Thread

    n = CommunityMember.objects.filter(user=s.user).delete()[0]
    n += Thread.objects.filter(author=s.user).exclude(body=ERASED_TEXT).update(body=ERASED_TEXT)
    n += Reply.objects.filter(author=s.user).exclude(body=ERASED_TEXT).update(body=ERASED_TEXT)
    return n


# -- records the person made as part of their work --------------------------------------------

# "model.field" of every foreign key that only says who did something on the center's behalf.
WORK_FIELDS = (
    "ventures.Venture.created_by", "funding.Fund.created_by", "funding.Award.created_by",
    "funding.Milestone.submitted_by", "funding.Milestone.reviewed_by",
    "funding.Milestone.payment_prepared_by", "funding.LedgerEntry.prepared_by",
    "funding.LedgerEntry.posted_by", "mentoring.MatchRound.created_by",
    "knowledge.Entry.created_by", "knowledge.EntryVersion.saved_by",
    "knowledge.Attachment.uploaded_by", "challenges.Challenge.created_by",
    "challenges.Attachment.uploaded_by", "challenges.ChallengeVenture.linked_by",
    "programs.Program.created_by", "programs.Call.created_by", "programs.Attachment.uploaded_by",
    "programs.Decision.decided_by", "impact.Report.reviewed_by", "impact.Revision.created_by",
    "impact.Evidence.uploaded_by", "events.Event.created_by", "events.Registration.decided_by",
    "events.Registration.cancelled_by", "events.Registration.checked_in_by",
    "resources.Resource.created_by", "resources.Booking.decided_by",
    "resources.ServiceRequest.responded_by", "resources.ServiceHours.logged_by",
    "networking.Introduction.broker", "networking.Introduction.created_by",
    "network.Partnership.proposed_by", "network.Partnership.accepted_by",
    "network.Referral.consented_by", "network.Referral.created_by", "network.ReferralEvent.actor",
    "network.Community.created_by", "network.SharedEntry.shared_by",
    "network.NetworkInvitation.invited_by", "network.NetworkInvitation.answered_by",
    "privacy.ErasureRequest.decided_by",
)  # fmt: skip


def collect_work(s: Subject) -> dict:
    """Which records name this person as their author or decider (ids, not contents: the
    contents are the center's records, often about other people)."""
    out: dict[str, list[int]] = {}
    for spec in WORK_FIELDS:
        label, field = spec.rsplit(".", 1)
        ids = list(
            _models(label).objects.filter(**{field: s.user}).order_by("pk")
            .values_list("pk", flat=True)
        )  # fmt: skip
        if ids:
            out[spec] = ids
    return out


# -- privacy's own records -------------------------------------------------------------------


def collect_consents(s: Subject) -> list:
    from markaz.privacy.models import Consent

    q = models.Q(given_by=s.user) | models.Q(withdrawn_by=s.user)
    if s.person_id is not None:
        q |= models.Q(person_id=s.person_id)
    return rows(Consent.objects.filter(q))


def erase_consents(s: Subject) -> int:
    from django.utils import timezone

    from markaz.privacy.models import Consent, Withdrawal

    if s.person_id is None:
        return 0
    return Consent.objects.filter(person_id=s.person_id, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now(), withdrawal=Withdrawal.ERASED
    )


def collect_erasure_requests(s: Subject) -> list:
    from markaz.privacy.models import ErasureRequest

    return rows(ErasureRequest.objects.filter(user=s.user))
