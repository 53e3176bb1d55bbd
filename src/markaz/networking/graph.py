"""The stakeholder graph: people, organizations, ventures, awards, challenges and events.

`build_graph(center_ids)` reads the models with a handful of flat queries (no per-row
queries) into one undirected networkx graph. Node ids are strings such as `person:12` or
`organization:4`; each node has `kind`, `pk`, `center`, `label` (English), `label_ar`, and
`sector` (organizations), `sdgs` (ventures; people's from their networking profile).
Edges carry `kind` and `year` (when the tie is dated).

Challenges (`markaz.challenges`) and events (`markaz.events`) are included when their app is
installed and has the model: their links to people, organizations and ventures are found by
introspection (foreign keys and many-to-many fields on the model, and on rows that point at
it such as registrations, comments or linked ventures; fields named `*_by`, which record who
acted, are not ties), so this module needs no change when they evolve. Rows that ended
without bringing anyone together are not ties either: a related row whose `status` is one of
`ENDED_STATUSES` (a cancelled or declined registration) and a row flagged `is_cancelled` (a
cancelled event) are left out.

`network_analytics(centers=None)` runs `analytics.analyse` over the graph.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable

import networkx as nx
from django.apps import apps
from django.db import DatabaseError, transaction

from markaz.networking import analytics

OPTIONAL_MODELS = (("challenges", "Challenge", "challenge"), ("events", "Event", "event"))
LABEL_FIELDS = (("title_en", "title_ar"), ("name_en", "name_ar"))
ENDED_STATUSES = ("cancelled", "declined", "withdrawn", "rejected")
DATE_FIELDS = (
    "starts_at", "starts_on", "start", "opens_on", "opens_at", "date", "deadline",
    "closes_on", "created_at",
)  # fmt: skip


def node_id(kind: str, pk) -> str:
    return f"{kind}:{pk}"


def _year(value) -> int | None:
    return getattr(value, "year", None)


def _label(name_en: str, name_ar: str) -> tuple[str, str]:
    return (name_en or name_ar, name_ar or name_en)


def optional_model(app_label: str, model_name: str):
    """The model if its app is installed and defines it; None otherwise."""
    if not apps.is_installed(f"markaz.{app_label}"):
        return None
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def _center_ids(centers) -> list[int] | None:
    if centers is None:
        return None
    return [c if isinstance(c, int) else c.pk for c in centers]


def _filter(qs, field: str, center_ids):
    return qs if center_ids is None else qs.filter(**{f"{field}__in": center_ids})


def build_graph(center_ids: Iterable[int] | None = None) -> nx.Graph:
    """The stakeholder graph of the given centers (all centers when None)."""
    from markaz.funding.models import Award
    from markaz.stakeholders.models import Affiliation, Organization, Person
    from markaz.ventures.models import TeamMember, Venture

    ids = None if center_ids is None else list(center_ids)
    g = nx.Graph()
    for pk, center, en, ar, sector in _filter(Organization.objects, "center_id", ids).values_list(
        "pk", "center_id", "name_en", "name_ar", "sector"
    ):
        label, label_ar = _label(en, ar)
        g.add_node(
            node_id("organization", pk), kind="organization", pk=pk, center=center,
            label=label, label_ar=label_ar, sector=sector,
        )  # fmt: skip
    for pk, center, en, ar in _filter(Person.objects, "center_id", ids).values_list(
        "pk", "center_id", "name_en", "name_ar"
    ):
        label, label_ar = _label(en, ar)
        g.add_node(
            node_id("person", pk), kind="person", pk=pk, center=center,
            label=label, label_ar=label_ar, sdgs=[],
        )  # fmt: skip
    founded: dict[int, int | None] = {}
    ventures = _filter(Venture.objects, "center_id", ids).values_list(
        "pk", "center_id", "name_en", "name_ar", "organization_id", "founded_on", "is_public"
    )
    for pk, center, en, ar, org, founded_on, public in ventures:
        label, label_ar = _label(en, ar)
        founded[pk] = _year(founded_on)
        g.add_node(
            node_id("venture", pk), kind="venture", pk=pk, center=center,
            label=label, label_ar=label_ar, sdgs=[], public=public,
        )  # fmt: skip
        if org is not None:
            _edge(g, ("venture", pk), ("organization", org), "venture_of", founded[pk])
    goals = Venture.sdg_goals.through.objects.values_list("venture_id", "goal_id")
    for venture, goal in _filter(goals, "venture__center_id", ids):
        g.nodes[node_id("venture", venture)]["sdgs"].append(goal)
    _add_profile_sdgs(g, ids)
    affiliations = _filter(Affiliation.objects, "person__center_id", ids).values_list(
        "person_id", "organization_id", "starts_on"
    )
    for person, org, starts_on in affiliations:
        _edge(g, ("person", person), ("organization", org), "affiliation", _year(starts_on))
    for person, venture in _filter(TeamMember.objects, "venture__center_id", ids).values_list(
        "person_id", "venture_id"
    ):
        _edge(g, ("person", person), ("venture", venture), "team", founded.get(venture))
    awards = _filter(Award.objects, "center_id", ids).values_list(
        "pk", "center_id", "title_en", "title_ar", "venture_id", "fund__funder_id", "awarded_on"
    )
    for pk, center, en, ar, venture, funder, awarded_on in awards:
        label, label_ar = _label(en, ar)
        g.add_node(
            node_id("award", pk), kind="award", pk=pk, center=center,
            label=label, label_ar=label_ar,
        )  # fmt: skip
        _edge(g, ("award", pk), ("venture", venture), "award", _year(awarded_on))
        _edge(g, ("award", pk), ("organization", funder), "funder", _year(awarded_on))
    for app_label, model_name, kind in OPTIONAL_MODELS:
        model = optional_model(app_label, model_name)
        if model is not None:
            _add_optional(g, model, kind, ids)
    return g


def _edge(g: nx.Graph, a: tuple, b: tuple, kind: str, year: int | None) -> None:
    u, v = node_id(*a), node_id(*b)
    if u in g and v in g:  # both ends belong to the centers being built
        g.add_edge(u, v, kind=kind, year=year)


def _add_profile_sdgs(g: nx.Graph, ids) -> None:
    from markaz.networking.models import NetworkingProfile

    rows = NetworkingProfile.sdg_goals.through.objects.values_list(
        "networkingprofile__person_id", "goal_id"
    )
    for person, goal in _filter(rows, "networkingprofile__person__center_id", ids):
        g.nodes[node_id("person", person)]["sdgs"].append(goal)


# -- challenges and events, by introspection ------------------------------------------------

TARGETS = {
    "stakeholders.person": "person",
    "stakeholders.organization": "organization",
    "ventures.venture": "venture",
}


def _target_kind(field) -> str | None:
    """What a link field points at; None for fields that record who acted (`created_by`,
    `decided_by`, …): staff doing their job is not a tie."""
    model = field.related_model
    if model is None or field.name.endswith("_by"):
        return None
    label = model._meta.label_lower
    if label in TARGETS:
        return TARGETS[label]
    from django.conf import settings

    if label == settings.AUTH_USER_MODEL.lower():
        return "user"
    return None


def _add_optional(g: nx.Graph, model, kind: str, ids) -> None:
    """Add the model's rows as nodes and their links; skipped whole if its tables are not
    there yet (an app mid-way through its first migration)."""
    try:
        with transaction.atomic():
            _add_optional_rows(g, model, kind, ids)
    except DatabaseError:
        for node in [n for n, k in g.nodes(data="kind") if k == kind]:
            g.remove_node(node)


def _add_optional_rows(g: nx.Graph, model, kind: str, ids) -> None:
    names = {f.name for f in model._meta.get_fields()}
    center_field = next(
        (
            f.name
            for f in model._meta.get_fields()
            if f.many_to_one and f.related_model is not None
            and f.related_model._meta.label_lower == "core.center"
        ),
        None,
    )  # fmt: skip
    if center_field is None:
        return
    label_fields = next(((en, ar) for en, ar in LABEL_FIELDS if en in names and ar in names), None)
    date_field = next((d for d in DATE_FIELDS if d in names), None)
    columns = ["pk", f"{center_field}_id"]
    columns += list(label_fields or ())
    columns += [date_field] if date_field else []
    rows = _live(_filter(model.objects, f"{center_field}_id", ids)).values_list(*columns)
    years: dict = {}
    for row in rows:
        pk, center = row[0], row[1]
        en, ar = (row[2], row[3]) if label_fields else (str(pk), str(pk))
        years[pk] = _year(row[-1]) if date_field else None
        label, label_ar = _label(en, ar)
        g.add_node(
            node_id(kind, pk), kind=kind, pk=pk, center=center, label=label, label_ar=label_ar
        )
    if not years:
        return
    people_of_user = _people_of_users(ids)
    for field in model._meta.get_fields():
        target = _target_kind(field) if (field.many_to_one or field.many_to_many) else None
        if target is None or field.auto_created:
            continue
        pairs = model.objects.filter(pk__in=years).values_list("pk", field.name)
        _link(g, kind, target, pairs, years, people_of_user)
    for rel in model._meta.related_objects:
        if not rel.one_to_many:
            continue
        related = rel.related_model
        for field in related._meta.get_fields():
            target = _target_kind(field) if field.many_to_one else None
            if target is None:
                continue
            rows = _live(related.objects.filter(**{f"{rel.field.name}__in": list(years)}))
            pairs = rows.values_list(f"{rel.field.name}_id", f"{field.name}_id")
            _link(g, kind, target, pairs, years, people_of_user)


def _live(qs):
    """Without rows that ended without a meeting (see the module docstring)."""
    names = {f.name for f in qs.model._meta.get_fields()}
    if "status" in names:
        qs = qs.exclude(status__in=ENDED_STATUSES)
    if "is_cancelled" in names:
        qs = qs.filter(is_cancelled=False)
    return qs


def _people_of_users(ids) -> dict[int, int]:
    from markaz.stakeholders.models import Person

    rows = _filter(Person.objects.filter(user__isnull=False), "center_id", ids)
    return dict(rows.values_list("user_id", "pk"))


def _link(g, kind, target, pairs, years, people_of_user) -> None:
    for pk, other in pairs:
        if other is None:
            continue
        if target == "user":
            other = people_of_user.get(other)
            if other is None:
                continue
            _edge(g, (kind, pk), ("person", other), kind, years.get(pk))
        else:
            _edge(g, (kind, pk), (target, other), kind, years.get(pk))


# -- analytics -------------------------------------------------------------------------------


def network_analytics(centers=None, *, top_brokers: int = 5) -> dict:
    """Cross-sector collaboration, brokers, isolated ventures and sector ties by year, per
    center (Center objects or ids; every center when None). See `analytics` for definitions."""
    from markaz.core.models import Center

    started = time.perf_counter()
    ids = _center_ids(centers)
    graph = build_graph(ids)
    built = time.perf_counter()
    per_center = analytics.analyse(graph, top_brokers=top_brokers)
    slugs = dict(_filter(Center.objects, "pk", ids).values_list("pk", "slug"))
    totals: dict = defaultdict(int)
    for data in per_center.values():
        totals["ties"] += data["cross_sector"]["ties"]
        totals["cross_sector_ties"] += data["cross_sector"]["cross_sector_ties"]
        totals["isolated_ventures"] += data["isolated_ventures"]["count"]
    return {
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "centers": [
            {"center": cid, "slug": slugs.get(cid, ""), **per_center[cid]}
            for cid in sorted(per_center)
        ],
        "totals": dict(totals),
        "seconds": {
            "build": round(built - started, 3),
            "analyse": round(time.perf_counter() - built, 3),
        },
    }


def kinds_present() -> list[str]:
    """Node kinds the graph can hold in this installation."""
    kinds = ["person", "organization", "venture", "award"]
    return kinds + [k for a, m, k in OPTIONAL_MODELS if optional_model(a, m) is not None]


__all__ = ["build_graph", "kinds_present", "network_analytics", "node_id", "optional_model"]
