"""API of challenges: statements, owners, status, workspace comments and documents, ventures.

Same rules as the pages: staff manage; people of the owner organizations (and staff) use the
workspace; every other role of the center reads; other centers get 404.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from markaz.challenges import permissions as perms
from markaz.challenges import selectors, services
from markaz.challenges.schemas import (
    ChallengeAttachmentOut,
    ChallengeCommentIn,
    ChallengeFilters,
    ChallengeIn,
    ChallengeOut,
    ChallengePage,
    ChallengePatch,
    CommentOut,
    CommentPatch,
    OwnerIn,
    OwnerOut,
    OwnerPatch,
    SectorMatrixOut,
    TransitionIn,
    VentureLinkIn,
    VentureLinkOut,
)
from markaz.core import reference
from markaz.core.access import get_center_for
from markaz.core.api_auth import require, scope_of
from markaz.core.schemas import paginate, problems
from markaz.stakeholders.api import organization_in_center
from markaz.stakeholders.models import Sector

router = Router()
ONE = "/centers/{slug}/challenges/{challenge_id}"


def _challenge(request, slug: str, challenge_id: int):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    return scope, center, selectors.get_challenge_for(scope, center, challenge_id)


def _detail(scope, challenge):
    challenge = selectors.search_challenges(
        selectors.challenges_for(scope, challenge.center).filter(pk=challenge.pk)
    ).get()
    challenge.allowed_transitions = (
        services.allowed_transitions(challenge)
        if perms.can_manage_challenges(scope, challenge.center_id)
        else []
    )
    challenge.is_workspace_member = perms.is_workspace_member(scope, challenge)
    return challenge


def _venture_in_center(scope, center, pk: int):
    from markaz.ventures.selectors import ventures_for

    venture = ventures_for(scope, center).filter(pk=pk).first()
    if venture is None:
        raise ValidationError({"venture": _("Choose a venture of this center.")})
    return venture


def _owners_in(scope, center, owners: list) -> list:
    return [
        (organization_in_center(scope, center, o.organization, field="owners"), o.role)
        for o in owners
    ]


# -- challenges ------------------------------------------------------------------------------


@router.get(
    "/centers/{slug}/challenges",
    response={200: ChallengePage, **problems(401, 404, 422)},
    operation_id="list_challenges",
    summary="Challenges of a center, with filters (any role of the center)",
)
def list_challenges(request, slug: str, filters: Query[ChallengeFilters]):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    qs = selectors.search_challenges(
        selectors.challenges_for(scope, center),
        q=filters.q, status=filters.status or "", sdg=filters.sdg,
        sector=filters.sector or "", visibility=filters.visibility or "",
    )  # fmt: skip
    return paginate(request, qs, filters)


@router.post(
    "/centers/{slug}/challenges",
    response={201: ChallengeOut, **problems(401, 403, 404, 422)},
    operation_id="create_challenge",
    summary="Frame a new challenge with its owner organizations (staff)",
)
def create_challenge(request, slug: str, payload: ChallengeIn):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    require(perms.can_manage_challenges(scope, center))
    data = payload.model_dump(exclude={"sdg_targets", "owners"})
    challenge = services.create_challenge(
        scope=scope,
        center=center,
        data=data,
        sdg_targets=reference.targets_by_codes(payload.sdg_targets),
        owners=_owners_in(scope, center, payload.owners),
    )
    return Status(201, _detail(scope, challenge))


@router.get(
    ONE,
    response={200: ChallengeOut, **problems(401, 404)},
    operation_id="get_challenge",
    summary="One challenge with its owners and SDG targets",
)
def get_challenge(request, slug: str, challenge_id: int):
    scope, _center, challenge = _challenge(request, slug, challenge_id)
    return _detail(scope, challenge)


@router.patch(
    ONE,
    response={200: ChallengeOut, **problems(401, 403, 404, 422)},
    operation_id="update_challenge",
    summary="Change a challenge's statement (staff; the status has its own operation)",
)
def update_challenge(request, slug: str, challenge_id: int, payload: ChallengePatch):
    scope, _center, challenge = _challenge(request, slug, challenge_id)
    require(perms.can_manage_challenges(scope, challenge.center_id))
    data = payload.model_dump(exclude_unset=True)
    codes = data.pop("sdg_targets", None)
    targets = reference.targets_by_codes(codes) if codes is not None else None
    challenge = services.update_challenge(
        scope=scope, challenge=challenge, data=data, sdg_targets=targets
    )
    return _detail(scope, challenge)


@router.post(
    f"{ONE}/transitions",
    response={200: ChallengeOut, **problems(401, 403, 404, 422)},
    operation_id="transition_challenge",
    summary="Move a challenge to its next status (framing → open → in implementation → closed)",
)
def transition_challenge(request, slug: str, challenge_id: int, payload: TransitionIn):
    scope, _center, challenge = _challenge(request, slug, challenge_id)
    require(perms.can_manage_challenges(scope, challenge.center_id))
    challenge = services.transition_challenge(
        scope=scope, challenge=challenge, status=payload.status, note=payload.note
    )
    return _detail(scope, challenge)


@router.get(
    "/centers/{slug}/challenge-sectors",
    response={200: SectorMatrixOut, **problems(401, 404)},
    operation_id="challenge_sector_matrix",
    summary="Challenges × sectors: owner organizations of each sector per challenge",
)
def challenge_sector_matrix(request, slug: str):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    matrix = selectors.sector_matrix(list(selectors.challenges_for(scope, center)))
    codes = [code for code, _label in matrix.sectors]
    return {
        "sectors": [{"code": code, "label": str(label)} for code, label in Sector.choices],
        "rows": [
            {
                "challenge": r.challenge.pk,
                "title": r.challenge.title,
                "status": r.challenge.status,
                "counts": dict(zip(codes, r.counts, strict=True)),
                "total": r.total,
                "sectors": r.sectors,
            }
            for r in matrix.rows
        ],
        "totals": dict(zip(codes, matrix.totals, strict=True)),
    }


# -- owners ----------------------------------------------------------------------------------


@router.get(
    f"{ONE}/owners",
    response={200: list[OwnerOut], **problems(401, 404)},
    operation_id="list_challenge_owners",
    summary="Organizations that own a challenge, with their roles",
)
def list_challenge_owners(request, slug: str, challenge_id: int):
    _scope, _center, challenge = _challenge(request, slug, challenge_id)
    return list(selectors.owners_of(challenge))


@router.post(
    f"{ONE}/owners",
    response={201: OwnerOut, **problems(401, 403, 404, 422)},
    operation_id="add_challenge_owner",
    summary="Add an organization of the center as an owner, with a role (staff)",
)
def add_challenge_owner(request, slug: str, challenge_id: int, payload: OwnerIn):
    scope, center, challenge = _challenge(request, slug, challenge_id)
    require(perms.can_manage_challenges(scope, center))
    organization = organization_in_center(scope, center, payload.organization)
    owner = services.add_owner(
        scope=scope, challenge=challenge, organization=organization, role=payload.role
    )
    return Status(201, owner)


@router.patch(
    f"{ONE}/owners/{{challenge_owner_id}}",
    response={200: OwnerOut, **problems(401, 403, 404, 422)},
    operation_id="update_challenge_owner",
    summary="Change an owner organization's role (staff)",
)
def update_challenge_owner(
    request, slug: str, challenge_id: int, challenge_owner_id: int, payload: OwnerPatch
):
    scope, center, challenge = _challenge(request, slug, challenge_id)
    owner = selectors.get_owner_for(challenge, challenge_owner_id)
    require(perms.can_manage_challenges(scope, center))
    return services.change_owner_role(scope=scope, owner=owner, role=payload.role)


@router.delete(
    f"{ONE}/owners/{{challenge_owner_id}}",
    response={204: None, **problems(401, 403, 404, 422)},
    operation_id="remove_challenge_owner",
    summary="Remove an owner organization (staff)",
)
def remove_challenge_owner(request, slug: str, challenge_id: int, challenge_owner_id: int):
    scope, center, challenge = _challenge(request, slug, challenge_id)
    owner = selectors.get_owner_for(challenge, challenge_owner_id)
    require(perms.can_manage_challenges(scope, center))
    services.remove_owner(scope=scope, owner=owner)
    return Status(204, None)


# -- workspace: comments ---------------------------------------------------------------------


@router.get(
    f"{ONE}/comments",
    response={200: list[CommentOut], **problems(401, 403, 404)},
    operation_id="list_challenge_comments",
    summary="The workspace discussion, oldest first (workspace members)",
)
def list_challenge_comments(request, slug: str, challenge_id: int):
    scope, _center, challenge = _challenge(request, slug, challenge_id)
    require(perms.is_workspace_member(scope, challenge))
    return list(selectors.comments_for(scope, challenge))


@router.post(
    f"{ONE}/comments",
    response={201: CommentOut, **problems(401, 403, 404, 422)},
    operation_id="create_challenge_comment",
    summary="Comment in the workspace, or reply to a comment (workspace members)",
)
def create_challenge_comment(request, slug: str, challenge_id: int, payload: ChallengeCommentIn):
    scope, _center, challenge = _challenge(request, slug, challenge_id)
    require(perms.can_comment(scope, challenge))
    parent = None
    if payload.parent is not None:
        parent = selectors.comments_for(scope, challenge).filter(pk=payload.parent).first()
        if parent is None:
            raise ValidationError({"parent": _("Reply to a comment of this challenge.")})
    comment = services.add_comment(
        scope=scope, challenge=challenge, body=payload.body, parent=parent
    )
    return Status(201, comment)


@router.patch(
    f"{ONE}/comments/{{challenge_comment_id}}",
    response={200: CommentOut, **problems(401, 403, 404, 422)},
    operation_id="update_challenge_comment",
    summary="Edit one's own comment, within a day of writing it",
)
def update_challenge_comment(
    request, slug: str, challenge_id: int, challenge_comment_id: int, payload: CommentPatch
):
    scope, _center, challenge = _challenge(request, slug, challenge_id)
    comment = selectors.get_comment_for(scope, challenge, challenge_comment_id)
    require(perms.can_edit_comment(scope, comment))
    return services.edit_comment(scope=scope, comment=comment, body=payload.body)


@router.delete(
    f"{ONE}/comments/{{challenge_comment_id}}",
    response={204: None, **problems(401, 403, 404)},
    operation_id="delete_challenge_comment",
    summary="Delete a comment (its author within a day; staff always)",
)
def delete_challenge_comment(request, slug: str, challenge_id: int, challenge_comment_id: int):
    scope, _center, challenge = _challenge(request, slug, challenge_id)
    comment = selectors.get_comment_for(scope, challenge, challenge_comment_id)
    require(perms.can_delete_comment(scope, comment))
    services.delete_comment(scope=scope, comment=comment)
    return Status(204, None)


# -- workspace: documents --------------------------------------------------------------------


def _attachment_out(challenge, attachment) -> dict:
    url = reverse(
        "challenges-attachment",
        kwargs={"center": challenge.center.slug, "pk": challenge.pk,
                "challenge_attachment": attachment.pk},
    )  # fmt: skip
    return {"id": attachment.pk, "name": attachment.name, "size": attachment.size,
            "created_at": attachment.created_at, "download_url": url}  # fmt: skip


@router.get(
    f"{ONE}/attachments",
    response={200: list[ChallengeAttachmentOut], **problems(401, 403, 404)},
    operation_id="list_challenge_attachments",
    summary="Documents of the workspace: names, sizes, download pages (workspace members)",
)
def list_challenge_attachments(request, slug: str, challenge_id: int):
    scope, _center, challenge = _challenge(request, slug, challenge_id)
    require(perms.can_download(scope, challenge))
    return [_attachment_out(challenge, a) for a in selectors.attachments_for(scope, challenge)]


@router.delete(
    f"{ONE}/attachments/{{challenge_attachment_id}}",
    response={204: None, **problems(401, 403, 404)},
    operation_id="remove_challenge_attachment",
    summary="Remove a document (its uploader, or staff)",
)
def remove_challenge_attachment(
    request, slug: str, challenge_id: int, challenge_attachment_id: int
):
    scope, _center, challenge = _challenge(request, slug, challenge_id)
    attachment = selectors.get_attachment_for(scope, challenge, challenge_attachment_id)
    require(perms.can_remove_attachment(scope, attachment))
    services.remove_attachment(scope=scope, attachment=attachment)
    return Status(204, None)


# -- linked ventures -------------------------------------------------------------------------


@router.get(
    f"{ONE}/ventures",
    response={200: list[VentureLinkOut], **problems(401, 404)},
    operation_id="list_challenge_ventures",
    summary="Ventures working on a challenge (those the caller may see)",
)
def list_challenge_ventures(request, slug: str, challenge_id: int):
    scope, _center, challenge = _challenge(request, slug, challenge_id)
    return list(selectors.venture_links_for(scope, challenge))


@router.post(
    f"{ONE}/ventures",
    response={201: VentureLinkOut, **problems(401, 403, 404, 422)},
    operation_id="link_challenge_venture",
    summary="Link a venture of the center to a challenge (staff)",
)
def link_challenge_venture(request, slug: str, challenge_id: int, payload: VentureLinkIn):
    scope, center, challenge = _challenge(request, slug, challenge_id)
    require(perms.can_manage_challenges(scope, center))
    venture = _venture_in_center(scope, center, payload.venture)
    link = services.link_venture(
        scope=scope, challenge=challenge, venture=venture, note=payload.note
    )
    return Status(201, link)


@router.delete(
    f"{ONE}/ventures/{{venture_id}}",
    response={204: None, **problems(401, 403, 404)},
    operation_id="unlink_challenge_venture",
    summary="Unlink a venture from a challenge (staff)",
)
def unlink_challenge_venture(request, slug: str, challenge_id: int, venture_id: int):
    scope, center, challenge = _challenge(request, slug, challenge_id)
    link = selectors.get_venture_link_for(scope, challenge, venture_id)
    require(perms.can_manage_challenges(scope, center))
    services.unlink_venture(scope=scope, link=link)
    return Status(204, None)
