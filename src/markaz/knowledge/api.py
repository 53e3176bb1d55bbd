"""API of knowledge entries and of the one search."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from markaz.core import reference
from markaz.core.access import get_center_for
from markaz.core.api_auth import require, scope_of
from markaz.core.schemas import paginate, problems
from markaz.knowledge import permissions as perms
from markaz.knowledge import selectors, services
from markaz.knowledge.schemas import (
    EntryFilters,
    EntryIn,
    EntryOut,
    EntryPage,
    EntryPatch,
    EntryStatusIn,
    SearchParams,
    SearchResults,
)
from markaz.knowledge.search import Filters, search

router = Router()


def _with_details(qs):
    return qs.select_related("center").prefetch_related("sdgs")


def _detail(scope, pk: int):
    return selectors.get_entry_for(scope, pk)


def _require_title(data: dict, entry=None) -> None:
    title = {
        lang: data.get(f"title_{lang}", getattr(entry, f"title_{lang}", ""))
        for lang in ("ar", "en")
    }
    if not any((v or "").strip() for v in title.values()):
        raise ValidationError({"title_en": _("Give a title in Arabic or English (or both).")})


@router.get(
    "/knowledge",
    response={200: EntryPage, **problems(401, 404, 422)},
    operation_id="list_knowledge_entries",
    summary="Knowledge entries the caller may see, newest first",
)
def list_entries(request, filters: Query[EntryFilters]):
    scope = scope_of(request)
    qs = selectors.visible_entries(scope)
    if filters.center:
        qs = selectors.entries_for(scope, get_center_for(scope, filters.center))
    qs = selectors.search_entries(qs, type=filters.type or "", sdg=filters.sdg)
    return paginate(request, _with_details(qs), filters)


@router.post(
    "/centers/{slug}/knowledge",
    response={201: EntryOut, **problems(401, 403, 404, 422)},
    operation_id="create_knowledge_entry",
    summary="Contribute an entry as a draft (staff and innovators)",
)
def create_entry(request, slug: str, payload: EntryIn):
    scope = scope_of(request)
    center = get_center_for(scope, slug)
    require(perms.can_contribute(scope, center))
    data = payload.model_dump()
    _require_title(data)
    sdgs = reference.goals_by_numbers(data.pop("sdgs"), field="sdgs")
    entry = services.create_entry(scope=scope, center=center, data=data, sdgs=sdgs)
    return Status(201, _detail(scope, entry.pk))


@router.get(
    "/knowledge/{entry_id}",
    response={200: EntryOut, **problems(401, 404)},
    operation_id="get_knowledge_entry",
    summary="One knowledge entry",
)
def get_entry(request, entry_id: int):
    return _detail(scope_of(request), entry_id)


@router.patch(
    "/knowledge/{entry_id}",
    response={200: EntryOut, **problems(401, 403, 404, 422)},
    operation_id="update_knowledge_entry",
    summary="Edit an entry (staff; contributors their own drafts); saves a new version",
)
def patch_entry(request, entry_id: int, payload: EntryPatch):
    scope = scope_of(request)
    entry = _detail(scope, entry_id)
    require(perms.can_edit_entry(scope, entry))
    data = payload.model_dump(exclude_unset=True)
    _require_title(data, entry)
    sdgs = data.pop("sdgs", None)
    if sdgs is not None:
        sdgs = reference.goals_by_numbers(sdgs, field="sdgs")
    services.update_entry(scope=scope, entry=entry, data=data, sdgs=sdgs)
    return _detail(scope, entry_id)


@router.post(
    "/knowledge/{entry_id}/status",
    response={200: EntryOut, **problems(401, 403, 404, 422)},
    operation_id="set_knowledge_entry_status",
    summary="Publish an entry or take it back to draft (staff)",
)
def set_status(request, entry_id: int, payload: EntryStatusIn):
    scope = scope_of(request)
    entry = _detail(scope, entry_id)
    require(perms.can_publish(scope, entry))
    services.set_entry_status(scope=scope, entry=entry, status=payload.status)
    return _detail(scope, entry_id)


@router.delete(
    "/knowledge/{entry_id}",
    response={204: None, **problems(401, 403, 404)},
    operation_id="delete_knowledge_entry",
    summary="Delete an entry (staff; contributors their own drafts)",
)
def delete_entry(request, entry_id: int):
    scope = scope_of(request)
    entry = _detail(scope, entry_id)
    require(perms.can_edit_entry(scope, entry))
    services.delete_entry(scope=scope, entry=entry)
    return Status(204, None)


@router.get(
    "/search",
    response={200: SearchResults, **problems(401, 422)},
    operation_id="search",
    summary="One search over knowledge, ventures, organizations and people the caller may see",
)
def search_all(request, params: Query[SearchParams]):
    scope = scope_of(request)
    filters = Filters(
        kind=params.kind or "", type=params.type or "", sdg=params.sdg,
        region=params.region or "", sector=params.sector or "", lang=params.lang or "",
    )  # fmt: skip
    found = search(
        scope,
        params.q,
        filters=filters,
        offset=(params.page - 1) * params.page_size,
        limit=params.page_size,
    )
    return {
        "count": found.total,
        "count_exact": found.total_exact,
        "page": params.page,
        "page_size": params.page_size,
        "items": [
            {
                "kind": h.doc.kind,
                "id": h.doc.object_id,
                "center": h.doc.center.slug,
                "title": h.doc.title,
                "score": round(h.score, 6),
                "snippet": h.snippet,
            }
            for h in found.hits
        ],
        "facets": {
            name: [{"value": v, "count": c} for v, c in values]
            for name, values in found.facets.items()
        },
    }
