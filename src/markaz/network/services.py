"""Writes for the centers network: one transaction, one permission check, one audit entry each."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from markaz.core import audit
from markaz.core.access import AccessScope
from markaz.core.models import Center, Network, Role
from markaz.core.notify import send_email
from markaz.core.uploads import DOCUMENTS, validate_upload
from markaz.network import permissions as perms
from markaz.network.models import (
    Community,
    CommunityMember,
    Partnership,
    PartnershipKind,
    PartnershipStatus,
    Referral,
    ReferralEvent,
    ReferralState,
    Reply,
    SharedEntry,
    Thread,
)


def _actor(scope: AccessScope):
    return scope.user if scope.is_authenticated else None


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _staff_of(center_id: int):
    from markaz.core.models import User

    return list(
        User.objects.filter(
            memberships__center_id=center_id, memberships__role__in=[Role.ADMIN, Role.STAFF]
        ).distinct()
    )


# -- membership of networks ------------------------------------------------------------------


@transaction.atomic
def add_center_to_network(*, scope: AccessScope, network: Network, center: Center) -> None:
    _require(perms.can_manage_membership(scope, network))
    if network.centers.filter(pk=center.pk).exists():
        raise ValidationError({"center": _("This center is already in the network.")})
    network.centers.add(center)
    audit.record(
        action="network.membership.added",
        actor=_actor(scope),
        center=center,
        obj=network,
        changes={"network": [None, network.slug]},
    )


@transaction.atomic
def remove_center_from_network(*, scope: AccessScope, network: Network, center: Center) -> None:
    _require(perms.can_manage_membership(scope, network))
    if not network.centers.filter(pk=center.pk).exists():
        raise ValidationError({"center": _("This center is not in the network.")})
    network.centers.remove(center)
    audit.record(
        action="network.membership.removed",
        actor=_actor(scope),
        center=center,
        obj=network,
        changes={"network": [network.slug, None]},
    )


# -- partnerships ----------------------------------------------------------------------------


def _check_document(upload) -> None:
    if upload is None:
        return
    try:
        validate_upload(upload, DOCUMENTS)
    except ValidationError as exc:
        raise ValidationError({"document": exc.messages}) from None


@transaction.atomic
def propose_partnership(
    *, scope: AccessScope, center: Center, data: dict, document=None
) -> Partnership:
    _require(perms.can_propose_partnership(scope, center))
    partner = data.get("partner")
    if partner is None or partner.pk == center.pk or not perms.shares_a_network(center, partner):
        raise ValidationError({"partner": _("Choose a center that shares a network with yours.")})
    if data.get("kind") not in PartnershipKind.values:
        raise ValidationError({"kind": _("Choose a type of partnership.")})
    if not (data.get("title_en") or "").strip() and not (data.get("title_ar") or "").strip():
        raise ValidationError({"title_en": _("Give a title in Arabic or English (or both).")})
    starts, ends = data.get("starts_on"), data.get("ends_on")
    if starts is None:
        raise ValidationError({"starts_on": _("Give a start date.")})
    if ends is not None and ends < starts:
        raise ValidationError({"ends_on": _("The end date must be after the start date.")})
    _check_document(document)
    p = Partnership(proposer=center, partner=partner, proposed_by=_actor(scope))
    for name in ("kind", "title_en", "title_ar", "description_en", "description_ar"):
        setattr(p, name, data.get(name) or "")
    p.starts_on, p.ends_on = starts, ends
    if document is not None:
        p.document = document
    p.save()
    audit.record(
        action="network.partnership.proposed",
        actor=_actor(scope),
        center=center,
        obj=p,
        changes=audit.diff({}, audit.snapshot(p)),
    )
    send_email(
        to=_staff_of(partner.pk),
        template="network/email/partnership_proposed",
        context={"partnership": p},
    )
    return p


def _set_status(scope, p: Partnership, status: str, action: str) -> Partnership:
    """Change the status; both centers' audit logs get the entry."""
    before = p.status
    p.status = status
    if status == PartnershipStatus.ACTIVE:
        p.accepted_by = _actor(scope)
    p.save(update_fields=["status", "accepted_by", "updated_at"])
    for center in (p.proposer, p.partner):
        audit.record(
            action=action,
            actor=_actor(scope),
            center=center,
            obj=p,
            changes={"status": [before, status]},
        )
    return p


@transaction.atomic
def accept_partnership(*, scope: AccessScope, partnership: Partnership) -> Partnership:
    p = (
        Partnership.objects.select_for_update()
        .select_related("proposer", "partner")
        .get(pk=partnership.pk)
    )
    _require(perms.can_accept_partnership(scope, p))
    _set_status(scope, p, PartnershipStatus.ACTIVE, "network.partnership.accepted")
    send_email(
        to=_staff_of(p.proposer_id),
        template="network/email/partnership_accepted",
        context={"partnership": p},
    )
    return p


@transaction.atomic
def end_partnership(*, scope: AccessScope, partnership: Partnership) -> Partnership:
    p = (
        Partnership.objects.select_for_update()
        .select_related("proposer", "partner")
        .get(pk=partnership.pk)
    )
    _require(perms.can_end_partnership(scope, p))
    return _set_status(scope, p, PartnershipStatus.ENDED, "network.partnership.ended")


# -- referrals -------------------------------------------------------------------------------


def _team_users(venture):
    from markaz.core.models import User

    return list(User.objects.filter(person__team_roles__venture=venture, is_active=True).distinct())


def _step(scope, referral: Referral, state: str, comment: str = "") -> None:
    before = referral.state
    referral.state = state
    referral.save()
    ReferralEvent.objects.create(
        referral=referral, state=state, actor=_actor(scope), comment=comment
    )
    audit.record(
        action=f"network.referral.{state}",
        actor=_actor(scope),
        center=referral.from_center,
        obj=referral,
        changes={"state": [before, state]},
    )
    # The receiving center's log too, once it has been involved.
    if before != ReferralState.DRAFTED and referral.to_center_id != referral.from_center_id:
        audit.record(
            action=f"network.referral.{state}",
            actor=_actor(scope),
            center=referral.to_center,
            obj=referral,
            changes={"state": [before, state]},
        )


@transaction.atomic
def draft_referral(*, scope: AccessScope, center: Center, data: dict) -> Referral:
    _require(perms.can_refer(scope, center))
    venture, program = data.get("venture"), data.get("program")
    if venture is None or venture.center_id != center.pk:
        raise ValidationError({"venture": _("Choose a venture of this center.")})
    if (
        program is None
        or program.center_id == center.pk
        or not perms.shares_a_network(center, program.center_id)
    ):
        raise ValidationError(
            {"program": _("Choose a program of a center that shares a network with yours.")}
        )
    note = (data.get("note") or "").strip()
    if not note:
        raise ValidationError({"note": _("Write a note for the receiving center.")})
    referral = Referral.objects.create(
        from_center=center,
        to_center_id=program.center_id,
        venture=venture,
        program=program,
        note=note,
        created_by=_actor(scope),
    )
    ReferralEvent.objects.create(
        referral=referral, state=ReferralState.DRAFTED, actor=_actor(scope)
    )
    audit.record(
        action="network.referral.drafted",
        actor=_actor(scope),
        center=center,
        obj=referral,
        changes=audit.diff({}, audit.snapshot(referral)),
    )
    return referral


def _locked(referral: Referral) -> Referral:
    return (
        Referral.objects.select_for_update()
        .select_related("from_center", "to_center", "venture", "program")
        .get(pk=referral.pk)
    )


@transaction.atomic
def ask_consent(*, scope: AccessScope, referral: Referral) -> Referral:
    r = _locked(referral)
    _require(perms.can_ask_consent(scope, r))
    _step(scope, r, ReferralState.AWAITING_CONSENT)
    send_email(
        to=_team_users(r.venture),
        template="network/email/referral_consent",
        context={"referral": r},
    )
    return r


@transaction.atomic
def give_consent(*, scope: AccessScope, referral: Referral) -> Referral:
    """The venture's team agrees: the referral goes to the receiving center."""
    r = _locked(referral)
    _require(perms.can_consent(scope, r))
    r.consented_by, r.consented_at = _actor(scope), timezone.now()
    _step(scope, r, ReferralState.SENT)
    send_email(
        to=_staff_of(r.to_center_id),
        template="network/email/referral_sent",
        context={"referral": r},
    )
    return r


@transaction.atomic
def decide_referral(
    *, scope: AccessScope, referral: Referral, accept: bool, comment: str = ""
) -> Referral:
    r = _locked(referral)
    _require(perms.can_decide(scope, r))
    _step(scope, r, ReferralState.ACCEPTED if accept else ReferralState.DECLINED, comment)
    send_email(
        to=_staff_of(r.from_center_id) + _team_users(r.venture),
        template="network/email/referral_decided",
        context={"referral": r, "comment": comment},
    )
    return r


@transaction.atomic
def withdraw_referral(*, scope: AccessScope, referral: Referral, comment: str = "") -> Referral:
    r = _locked(referral)
    _require(perms.can_withdraw(scope, r))
    was_sent = r.state == ReferralState.SENT
    _step(scope, r, ReferralState.WITHDRAWN, comment)
    if was_sent:
        send_email(
            to=_staff_of(r.to_center_id),
            template="network/email/referral_withdrawn",
            context={"referral": r},
        )
    return r


# -- practice communities --------------------------------------------------------------------


@transaction.atomic
def create_community(*, scope: AccessScope, network: Network, data: dict) -> Community:
    _require(perms.can_view_network(scope, network))
    name_en, name_ar = (data.get("name_en") or "").strip(), (data.get("name_ar") or "").strip()
    if not name_en and not name_ar:
        raise ValidationError({"name_en": _("Give a name in Arabic or English (or both).")})
    community = Community.objects.create(
        network=network,
        name_en=name_en,
        name_ar=name_ar,
        description_en=data.get("description_en") or "",
        description_ar=data.get("description_ar") or "",
        created_by=_actor(scope),
    )
    CommunityMember.objects.create(community=community, user=scope.user)
    audit.record(
        action="network.community.created",
        actor=_actor(scope),
        obj=community,
        changes=audit.diff({}, audit.snapshot(community)),
    )
    return community


@transaction.atomic
def join_community(*, scope: AccessScope, community: Community) -> None:
    _require(perms.can_view_network(scope, community.network))
    _, created = CommunityMember.objects.get_or_create(community=community, user=scope.user)
    if created:
        audit.record(action="network.community.joined", actor=_actor(scope), obj=community)


@transaction.atomic
def leave_community(*, scope: AccessScope, community: Community) -> None:
    deleted, _n = CommunityMember.objects.filter(
        community=community, user_id=scope.user_id
    ).delete()
    if deleted:
        audit.record(action="network.community.left", actor=_actor(scope), obj=community)


def _require_member(scope: AccessScope, community: Community) -> None:
    _require(
        perms.can_view_network(scope, community.network)
        and CommunityMember.objects.filter(community=community, user_id=scope.user_id).exists()
    )


@transaction.atomic
def start_thread(*, scope: AccessScope, community: Community, title: str, body: str) -> Thread:
    _require_member(scope, community)
    title, body = (title or "").strip(), (body or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Give the discussion a title.")
    if not body:
        errors["body"] = _("Write a message.")
    if errors:
        raise ValidationError(errors)
    thread = Thread.objects.create(
        community=community, title=title, body=body, author=_actor(scope)
    )
    audit.record(action="network.thread.created", actor=_actor(scope), obj=thread)
    return thread


@transaction.atomic
def post_reply(*, scope: AccessScope, thread: Thread, body: str) -> Reply:
    _require_member(scope, thread.community)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a message.")})
    reply = Reply.objects.create(thread=thread, body=body, author=_actor(scope))
    audit.record(action="network.reply.created", actor=_actor(scope), obj=reply)
    return reply


@transaction.atomic
def share_entry(*, scope: AccessScope, community: Community, entry) -> SharedEntry:
    _require_member(scope, community)
    from markaz.network.selectors import shareable_entries

    allowed = shareable_entries(scope, community.network)
    if entry is None or not allowed.filter(pk=entry.pk).exists():
        raise ValidationError({"entry": _("Choose an entry shared with the network.")})
    shared, created = SharedEntry.objects.get_or_create(
        community=community, entry=entry, defaults={"shared_by": _actor(scope)}
    )
    if created:
        audit.record(action="network.entry.shared", actor=_actor(scope), obj=shared)
    return shared


# -- invitations -----------------------------------------------------------------------------


@transaction.atomic
def invite_center(*, scope: AccessScope, network: Network, center: Center, message: str = ""):
    from markaz.network.models import InvitationStatus, NetworkInvitation

    _require(perms.can_manage_membership(scope, network))
    if network.centers.filter(pk=center.pk).exists():
        raise ValidationError({"center": _("This center is already in the network.")})
    pending = NetworkInvitation.objects.filter(
        network=network, center=center, status=InvitationStatus.PENDING
    )
    if pending.exists():
        raise ValidationError({"center": _("This center already has a pending invitation.")})
    invitation = NetworkInvitation.objects.create(
        network=network, center=center, message=message, invited_by=_actor(scope)
    )
    audit.record(
        action="network.invitation.sent", actor=_actor(scope), center=center, obj=invitation
    )
    admins = [u for u in _staff_of(center.pk) if _is_admin_of(u, center)]
    send_email(to=admins, template="network/email/invitation", context={"invitation": invitation})
    return invitation


def _is_admin_of(user, center: Center) -> bool:
    return user.memberships.filter(center=center, role=Role.ADMIN).exists()


@transaction.atomic
def answer_invitation(*, scope: AccessScope, invitation, accept: bool):
    from markaz.network.models import InvitationStatus, NetworkInvitation

    inv = NetworkInvitation.objects.select_for_update().get(pk=invitation.pk)
    _require(perms.can_answer_invitation(scope, inv))
    inv.status = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
    inv.answered_by = _actor(scope)
    inv.save(update_fields=["status", "answered_by"])
    if accept:
        inv.network.centers.add(inv.center)
    audit.record(
        action=f"network.invitation.{inv.status}",
        actor=_actor(scope),
        center=inv.center,
        obj=inv,
        changes={"status": [InvitationStatus.PENDING, inv.status]},
    )
    return inv
