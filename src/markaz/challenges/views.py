"""Pages of challenges: lists, detail with the workspace, forms, owners, sectors, public pages.

Thin: selectors read, services write, permissions decide.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from markaz.challenges import permissions as perms
from markaz.challenges import selectors, services
from markaz.challenges.forms import (
    AttachmentForm,
    ChallengeForm,
    CommentForm,
    FilterForm,
    OwnerForm,
    OwnerRoleForm,
    StatusForm,
    VentureLinkForm,
)
from markaz.challenges.models import OwnerRole, Status
from markaz.core.web import (
    apply_service_errors,
    center_view,
    forbid_unless,
    paginate,
    query_without_page,
)
from markaz.knowledge.rendering import render_markdown
from markaz.stakeholders.selectors import organizations_for
from markaz.ventures.selectors import ventures_for


def _flash(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def _back(request, challenge):
    return redirect("challenges-detail", center=request.center.slug, pk=challenge.pk)


def _filtered(request, qs, *, with_visibility: bool = True):
    form = FilterForm(request.GET or None, with_visibility=with_visibility)
    f = form.cleaned_data if form.is_valid() else {}
    qs = selectors.search_challenges(
        qs, q=f.get("q", ""), status=f.get("status", ""), sdg=f.get("sdg"),
        sector=f.get("sector", ""), visibility=f.get("visibility", ""),
    )  # fmt: skip
    return form, qs


# -- lists -----------------------------------------------------------------------------------


@center_view()
def challenge_list(request):
    form, qs = _filtered(request, selectors.challenges_for(request.scope, request.center))
    page = paginate(request, qs)
    counts = selectors.sector_counts([c.pk for c in page])
    return render(
        request,
        "challenges/_rows.html" if request.htmx else "challenges/list.html",
        {
            "form": form,
            "page": page,
            "query": query_without_page(request),
            "sector_counts": counts,
            "can_manage": perms.can_manage_challenges(request.scope, request.center),
        },
    )


@center_view()
def sector_matrix(request):
    form, qs = _filtered(request, selectors.challenges_for(request.scope, request.center))
    matrix = selectors.sector_matrix(list(qs))
    template = "challenges/_matrix.html" if request.htmx else "challenges/sectors.html"
    return render(request, template, {"form": form, "matrix": matrix})


# -- one challenge ---------------------------------------------------------------------------


def _texts(challenge) -> dict:
    return {
        "problem_html": render_markdown(challenge.problem),
        "evidence_html": render_markdown(challenge.evidence),
    }


@center_view()
def challenge_detail(request, pk: int):
    scope = request.scope
    challenge = selectors.get_challenge_for(scope, request.center, pk)
    member = perms.is_workspace_member(scope, challenge)
    can_manage = perms.can_manage_challenges(scope, request.center)
    comments = []
    if member:
        comments = [
            (c, perms.can_edit_comment(scope, c), perms.can_delete_comment(scope, c))
            for c in selectors.comments_for(scope, challenge)
        ]
    threads = selectors.comment_threads([c for c, _e, _d in comments])
    rights = {c.pk: (e, d) for c, e, d in comments}
    context = {
        "challenge": challenge,
        **_texts(challenge),
        "targets": challenge.sdg_targets.select_related("goal"),
        "owners": selectors.owners_of(challenge),
        "breakdown": selectors.sector_breakdown(challenge),
        "venture_links": selectors.venture_links_for(scope, challenge),
        "calls": selectors.calls_of(scope, challenge),
        "is_member": member,
        "threads": [
            (c, rights[c.pk], [(r, rights[r.pk]) for r in replies]) for c, replies in threads
        ],
        "attachments": selectors.attachments_for(scope, challenge),
        "people": selectors.workspace_people(challenge) if member else [],
        "can_manage": can_manage,
        "can_comment": perms.can_comment(scope, challenge),
        "can_upload": perms.can_upload(scope, challenge),
        "comment_form": CommentForm(),
        "attachment_form": AttachmentForm(),
        "transitions": [Status(s) for s in services.allowed_transitions(challenge)]
        if can_manage
        else [],
        "venture_form": VentureLinkForm(
            ventures=ventures_for(scope, request.center).exclude(
                challenge_links__challenge=challenge
            )
        )
        if can_manage
        else None,
    }
    return render(request, "challenges/detail.html", context)


@center_view()
def challenge_create(request):
    forbid_unless(perms.can_manage_challenges(request.scope, request.center))
    return _challenge_form(request, None)


@center_view()
def challenge_edit(request, pk: int):
    challenge = selectors.get_challenge_for(request.scope, request.center, pk)
    forbid_unless(perms.can_manage_challenges(request.scope, request.center))
    return _challenge_form(request, challenge)


def _challenge_form(request, challenge):
    form = ChallengeForm(request.POST or None, instance=challenge)
    if request.method == "POST" and form.is_valid():
        try:
            if challenge is None:
                challenge = services.create_challenge(
                    scope=request.scope, center=request.center, **form.service_kwargs()
                )
            else:
                challenge = services.update_challenge(
                    scope=request.scope, challenge=challenge, **form.service_kwargs()
                )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Challenge saved."))
            return _back(request, challenge)
    title = _("New challenge") if challenge is None else _("Edit challenge")
    return render(
        request, "challenges/form.html", {"form": form, "title": title, "challenge": challenge}
    )


@require_POST
@center_view()
def challenge_status(request, pk: int):
    challenge = selectors.get_challenge_for(request.scope, request.center, pk)
    forbid_unless(perms.can_manage_challenges(request.scope, request.center))
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status from the list."))
        return _back(request, challenge)
    try:
        services.transition_challenge(scope=request.scope, challenge=challenge, **form.cleaned_data)
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Status changed."))
    return _back(request, challenge)


# -- owners ----------------------------------------------------------------------------------


@center_view()
def owners(request, pk: int):
    challenge = selectors.get_challenge_for(request.scope, request.center, pk)
    forbid_unless(perms.can_manage_challenges(request.scope, request.center))
    taken = challenge.owners.values("organization_id")
    available = organizations_for(request.scope, request.center).exclude(pk__in=taken)
    form = OwnerForm(request.POST or None, organizations=available)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_owner(scope=request.scope, challenge=challenge, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Owner added."))
            return redirect("challenges-owners", center=request.center.slug, pk=challenge.pk)
    return render(
        request,
        "challenges/owners.html",
        {
            "challenge": challenge,
            "owners": selectors.owners_of(challenge),
            "form": form,
            "roles": OwnerRole.choices,
            "breakdown": selectors.sector_breakdown(challenge),
        },
    )


def _owner(request, pk: int, challenge_owner: int):
    challenge = selectors.get_challenge_for(request.scope, request.center, pk)
    owner = selectors.get_owner_for(challenge, challenge_owner)
    forbid_unless(perms.can_manage_challenges(request.scope, request.center))
    return challenge, owner


@require_POST
@center_view()
def owner_role(request, pk: int, challenge_owner: int):
    challenge, owner = _owner(request, pk, challenge_owner)
    form = OwnerRoleForm(request.POST)
    if form.is_valid():
        services.change_owner_role(scope=request.scope, owner=owner, role=form.cleaned_data["role"])
        messages.success(request, _("Role changed."))
    else:
        messages.error(request, _("Choose a role from the list."))
    return redirect("challenges-owners", center=request.center.slug, pk=challenge.pk)


@require_POST
@center_view()
def owner_remove(request, pk: int, challenge_owner: int):
    challenge, owner = _owner(request, pk, challenge_owner)
    try:
        services.remove_owner(scope=request.scope, owner=owner)
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Owner removed."))
    return redirect("challenges-owners", center=request.center.slug, pk=challenge.pk)


# -- workspace: comments ---------------------------------------------------------------------


@require_POST
@center_view()
def comment_add(request, pk: int):
    challenge = selectors.get_challenge_for(request.scope, request.center, pk)
    forbid_unless(perms.can_comment(request.scope, challenge))
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return _back(request, challenge)
    parent = None
    if form.cleaned_data.get("parent"):
        parent = selectors.get_comment_for(request.scope, challenge, form.cleaned_data["parent"])
    try:
        services.add_comment(
            scope=request.scope, challenge=challenge, body=form.cleaned_data["body"], parent=parent
        )
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Comment posted."))
    return _back(request, challenge)


@center_view()
def comment_edit(request, pk: int, challenge_comment: int):
    challenge = selectors.get_challenge_for(request.scope, request.center, pk)
    comment = selectors.get_comment_for(request.scope, challenge, challenge_comment)
    forbid_unless(perms.can_edit_comment(request.scope, comment))
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_comment(
                scope=request.scope, comment=comment, body=form.cleaned_data["body"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Comment saved."))
            return _back(request, challenge)
    return render(
        request,
        "challenges/form.html",
        {"form": form, "title": _("Edit comment"), "challenge": challenge},
    )


@require_POST
@center_view()
def comment_delete(request, pk: int, challenge_comment: int):
    challenge = selectors.get_challenge_for(request.scope, request.center, pk)
    comment = selectors.get_comment_for(request.scope, challenge, challenge_comment)
    forbid_unless(perms.can_delete_comment(request.scope, comment))
    services.delete_comment(scope=request.scope, comment=comment)
    messages.success(request, _("Comment deleted."))
    return _back(request, challenge)


# -- workspace: documents --------------------------------------------------------------------


@require_POST
@center_view()
def attachment_add(request, pk: int):
    challenge = selectors.get_challenge_for(request.scope, request.center, pk)
    forbid_unless(perms.can_upload(request.scope, challenge))
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        services.add_attachment(
            scope=request.scope, challenge=challenge, upload=form.cleaned_data["file"]
        )
        messages.success(request, _("Document added."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return _back(request, challenge)


@center_view()
def attachment_download(request, pk: int, challenge_attachment: int):
    challenge = selectors.get_challenge_for(request.scope, request.center, pk)
    found = selectors.get_attachment_for(request.scope, challenge, challenge_attachment)
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)


@require_POST
@center_view()
def attachment_remove(request, pk: int, challenge_attachment: int):
    challenge = selectors.get_challenge_for(request.scope, request.center, pk)
    found = selectors.get_attachment_for(request.scope, challenge, challenge_attachment)
    forbid_unless(perms.can_remove_attachment(request.scope, found))
    services.remove_attachment(scope=request.scope, attachment=found)
    messages.success(request, _("Document removed."))
    return _back(request, challenge)


# -- linked ventures -------------------------------------------------------------------------


@require_POST
@center_view()
def venture_link(request, pk: int):
    challenge = selectors.get_challenge_for(request.scope, request.center, pk)
    forbid_unless(perms.can_manage_challenges(request.scope, request.center))
    form = VentureLinkForm(request.POST, ventures=ventures_for(request.scope, request.center))
    if not form.is_valid():
        messages.error(request, _("Choose a venture of this center."))
        return _back(request, challenge)
    try:
        services.link_venture(scope=request.scope, challenge=challenge, **form.cleaned_data)
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Venture linked."))
    return _back(request, challenge)


@require_POST
@center_view()
def venture_unlink(request, pk: int, challenge_venture: int):
    challenge = selectors.get_challenge_for(request.scope, request.center, pk)
    link = selectors.get_venture_link_for(request.scope, challenge, challenge_venture)
    forbid_unless(perms.can_manage_challenges(request.scope, request.center))
    services.unlink_venture(scope=request.scope, link=link)
    messages.success(request, _("Venture unlinked."))
    return _back(request, challenge)


# -- public pages ----------------------------------------------------------------------------


def public_list(request):
    form, qs = _filtered(request, selectors.public_challenges(), with_visibility=False)
    page = paginate(request, qs)
    return render(
        request,
        "challenges/_public_rows.html" if request.htmx else "challenges/public_list.html",
        {"form": form, "page": page, "query": query_without_page(request)},
    )


def public_detail(request, pk: int):
    challenge = selectors.get_public_challenge(pk)
    return render(
        request,
        "challenges/public_detail.html",
        {
            "challenge": challenge,
            **_texts(challenge),
            "targets": challenge.sdg_targets.select_related("goal"),
            "owners": selectors.owners_of(challenge),
            "breakdown": selectors.sector_breakdown(challenge),
            "venture_links": selectors.public_venture_links(challenge),
            "calls": selectors.calls_of(None, challenge),
        },
    )
