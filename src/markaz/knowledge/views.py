"""Pages of the knowledge base and of the one search."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from markaz.core.models import Region
from markaz.core.web import (
    apply_service_errors,
    center_view,
    forbid_unless,
    paginate,
    query_without_page,
)
from markaz.knowledge import permissions as perms
from markaz.knowledge import selectors, services
from markaz.knowledge.forms import AttachmentForm, EntryForm, LibraryFilterForm
from markaz.knowledge.models import EntryType, Kind
from markaz.knowledge.rendering import render_markdown
from markaz.knowledge.search import Filters, search
from markaz.knowledge.search import suggest as suggest_titles
from markaz.stakeholders.models import Sector
from markaz.stakeholders.selectors import organizations_for, people_for
from markaz.ventures.selectors import ventures_for

PER_PAGE = 20


def _library(request, entries, rows, *, template, context):
    form = LibraryFilterForm(request.GET or None, with_status="status" in context)
    f = form.cleaned_data if form.is_valid() else {}
    if f.get("q"):
        found = search(
            request.scope,
            f["q"],
            filters=Filters(kind=Kind.ENTRY, type=f.get("type", ""), sdg=f.get("sdg")),
            limit=PER_PAGE * 10,
            visible=rows,
        )
        order = [hit.doc.object_id for hit in found.hits]
        by_pk = entries.in_bulk(order)
        listed = [by_pk[pk] for pk in order if pk in by_pk]
    else:
        listed = selectors.search_entries(
            entries, type=f.get("type", ""), sdg=f.get("sdg"), status=f.get("status", "")
        ).prefetch_related("sdgs")
    context |= {"page": paginate(request, listed, PER_PAGE), "form": form,
                "query": query_without_page(request)}  # fmt: skip
    return render(request, "knowledge/_rows.html" if request.htmx else template, context)


@center_view()
def library(request):
    center = request.center
    return _library(
        request,
        selectors.entries_for(request.scope, center),
        selectors.searchable_for(request.scope).filter(kind=Kind.ENTRY, center=center),
        template="knowledge/library.html",
        context={"can_create": perms.can_contribute(request.scope, center), "status": True},
    )


def public_library(request):
    return _library(
        request,
        selectors.public_entries(),
        selectors.public_search_rows(),
        template="knowledge/public_library.html",
        context={},
    )


def entry_detail(request, pk: int):
    entry = selectors.get_entry_for(request.scope, pk)
    scope = request.scope
    return render(
        request,
        "knowledge/entry_detail.html",
        {
            "entry": entry,
            "body_html": render_markdown(entry.body),
            "sdgs": entry.sdgs.all(),
            "authors": entry.authors.all(),
            # Links show only what the reader may open in the owner center.
            "ventures": entry.ventures.filter(
                pk__in=ventures_for(scope, entry.center).values("pk")
            ),
            "organizations": entry.organizations.filter(
                pk__in=organizations_for(scope, entry.center).values("pk")
            ),
            "attachments": entry.attachments.all(),
            "counts": selectors.feedback_counts(entry),
            "mine": selectors.feedback_of(scope, entry),
            "can_feedback": perms.can_give_feedback(scope, entry),
            "can_edit": perms.can_edit_entry(scope, entry),
            "can_publish": perms.can_publish(scope, entry),
            "versions": entry.versions.count(),
        },
    )


@require_POST
def feedback(request, pk: int):
    entry = selectors.get_entry_for(request.scope, pk)
    if not request.user.is_authenticated:
        raise PermissionDenied
    services.record_feedback(
        scope=request.scope, entry=entry, useful=request.POST.get("useful") == "yes"
    )
    context = {
        "entry": entry,
        "counts": selectors.feedback_counts(entry),
        "mine": selectors.feedback_of(request.scope, entry),
        "can_feedback": True,
    }
    if request.htmx:
        return render(request, "knowledge/_feedback.html", context)
    messages.success(request, _("Thank you for your feedback."))
    return redirect("knowledge-entry", pk=pk)


def history(request, pk: int):
    entry = selectors.get_entry_for(request.scope, pk)
    return render(
        request,
        "knowledge/history.html",
        {"entry": entry, "versions": entry.versions.select_related("saved_by")},
    )


def version(request, pk: int, number: int):
    entry = selectors.get_entry_for(request.scope, pk)
    old = selectors.get_version_for(request.scope, entry, number)
    return render(
        request,
        "knowledge/version.html",
        {"entry": entry, "version": old, "title": old.text("title"),
         "summary": old.text("summary"), "body_html": render_markdown(old.text("body"))},
    )  # fmt: skip


def attachment_download(request, pk: int, attachment: int):
    entry = selectors.get_entry_for(request.scope, pk)
    found = entry.attachments.filter(pk=attachment).first()
    if found is None:
        raise Http404
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)


@center_view()
def entry_create(request):
    forbid_unless(perms.can_contribute(request.scope, request.center))
    return _entry_form(request, None)


@center_view()
def entry_edit(request, pk: int):
    entry = selectors.get_center_entry_for(request.scope, request.center, pk)
    forbid_unless(perms.can_edit_entry(request.scope, entry))
    return _entry_form(request, entry)


def _entry_form(request, entry):
    scope, center = request.scope, request.center
    form = EntryForm(
        request.POST or None,
        instance=entry,
        ventures=ventures_for(scope, center),
        organizations=organizations_for(scope, center),
        people=people_for(scope, center),
    )
    if request.method == "POST" and form.is_valid():
        try:
            if entry is None:
                entry = services.create_entry(scope=scope, center=center, **form.service_kwargs())
            else:
                entry = services.update_entry(scope=scope, entry=entry, **form.service_kwargs())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Entry saved."))
            return redirect("knowledge-entry", pk=entry.pk)
    return render(request, "knowledge/entry_form.html", {"form": form, "object": entry})


@require_POST
@center_view()
def preview(request):
    forbid_unless(perms.can_contribute(request.scope, request.center))
    parts = [(lang, render_markdown(request.POST.get(f"body_{lang}", ""))) for lang in ("ar", "en")]
    return render(request, "knowledge/_preview.html", {"parts": parts})


@require_POST
@center_view()
def entry_status(request, pk: int):
    entry = selectors.get_center_entry_for(request.scope, request.center, pk)
    forbid_unless(perms.can_publish(request.scope, entry))
    try:
        services.set_entry_status(
            scope=request.scope, entry=entry, status=request.POST.get("status", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Status changed."))
    return redirect("knowledge-entry", pk=pk)


@require_POST
@center_view()
def attachment_add(request, pk: int):
    entry = selectors.get_center_entry_for(request.scope, request.center, pk)
    forbid_unless(perms.can_edit_entry(request.scope, entry))
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        services.add_attachment(scope=request.scope, entry=entry, upload=form.cleaned_data["file"])
        messages.success(request, _("Attachment added."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("knowledge-entry", pk=pk)


def _search_filters(request) -> Filters:
    try:
        sdg = int(request.GET.get("sdg") or 0) or None
    except ValueError:
        sdg = None
    get = request.GET.get
    return Filters(
        kind=get("kind", ""), type=get("type", ""), sdg=sdg,
        region=get("region", ""), sector=get("sector", ""), lang=get("lang", ""),
    )  # fmt: skip


def search_page(request):
    q = request.GET.get("q", "").strip()[:200]
    try:
        number = max(int(request.GET.get("page", 1)), 1)
    except ValueError:
        number = 1
    filters = _search_filters(request)
    found = search(request.scope, q, filters=filters, offset=(number - 1) * PER_PAGE,
                   limit=PER_PAGE)  # fmt: skip
    page = Paginator(range(found.total), PER_PAGE).get_page(number)
    base = request.GET.copy()
    base.pop("page", None)
    return render(
        request,
        "knowledge/search.html",
        {"q": q, "found": found, "page": page, "query": base.urlencode(),
         "facets": _facet_links(request, found.facets), "filters": filters},
    )  # fmt: skip


def _value_label(name: str, value: str) -> str:
    choices = {"kind": Kind, "type": EntryType, "region": Region, "sector": Sector,
               "lang": {"ar": "العربية", "en": "English"}}  # fmt: skip
    table = choices.get(name)
    if table is None:
        return value
    if isinstance(table, dict):
        return table.get(value, value)
    return dict(table.choices).get(value, value)


def _facet_links(request, facets) -> list[dict]:
    """Each facet value with its count and the query string that toggles it."""
    labels = {"kind": _("Kind"), "type": _("Type"), "sdg": _("SDG"), "region": _("Region"),
              "sector": _("Sector"), "lang": _("Language")}  # fmt: skip
    out = []
    for name, values in facets.items():
        items = []
        for value, count in values:
            params = request.GET.copy()
            params.pop("page", None)
            active = params.get(name) == value
            if active:
                params.pop(name)
            else:
                params[name] = value
            items.append({"value": value, "label": _value_label(name, value), "count": count,
                          "active": active, "query": params.urlencode()})  # fmt: skip
        if items:
            out.append({"name": name, "label": labels[name], "items": items})
    return out


def suggest(request):
    """HTMX: titles for what has been typed so far in the global search box."""
    q = request.GET.get("q", "").strip()[:100]
    return render(request, "knowledge/_suggest.html", {"docs": suggest_titles(request.scope, q)})
