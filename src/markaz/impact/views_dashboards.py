"""Dashboards (venture, center, funder, network) and their CSV/XLSX exports.

Figures are plotly JSON built on the server (`dashboards.py`); the page loads plotly.js from
the plotly wheel (`vendor/plotly.min.js`), whose mode bar downloads each chart as PNG or SVG.
"""

from __future__ import annotations

from collections import defaultdict

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from markaz.core.web import center_view, forbid_unless
from markaz.impact import aggregation as agg
from markaz.impact import dashboards, exports, selectors
from markaz.impact import permissions as perms
from markaz.impact.rollups import to_partial

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _figures(board, what: str) -> list[dict]:
    figs = [dashboards.progress_figure(board), dashboards.sdg_figure(board, what)]
    return [f for f in figs if f] + dashboards.time_series(board)


def _download(header: list[str], rows: list[list], name: str, fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(exports.to_xlsx(header, rows, name), content_type=XLSX)
    else:
        response = HttpResponse(exports.to_csv(header, rows), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{slugify(name) or "impact"}.{fmt}"'
    return response


def _export(board, name: str, fmt: str) -> HttpResponse:
    return _download(exports.dashboard_header(), board.table(), name, fmt)


def venture_board_context(request, venture) -> dict:
    unverified = request.GET.get("include") == "unverified"
    if unverified:
        board = dashboards.build_unverified(venture)
    else:
        board = dashboards.build(center_ids=[venture.center_id], venture_ids=[venture.pk])
    return {
        "board": board, "figures": _figures(board, _("Verified values")), "unverified": unverified,
        "beneficiaries": selectors.unique_beneficiaries([venture.pk]),
    }  # fmt: skip


@center_view()
def venture_export(request, pk: int, fmt: str):
    venture = selectors.get_impact_venture_for(request.scope, request.center, pk)
    board = dashboards.build(center_ids=[venture.center_id], venture_ids=[venture.pk])
    return _export(board, str(venture), fmt)


def _center_board(center):
    return dashboards.build(center_ids=[center.pk], center_level=True)


@center_view()
def center_dashboard(request):
    forbid_unless(perms.can_manage_impact(request.scope, request.center))
    board = _center_board(request.center)
    ventures = selectors.impact_ventures_for(request.scope, request.center).values_list(
        "pk", flat=True
    )
    return render(request, "impact/dashboard.html", {
        "title": _("Impact of the center"), "board": board,
        "figures": _figures(board, _("Verified values")),
        "beneficiaries": selectors.unique_beneficiaries(ventures),
        "csv": "impact-dashboard-csv", "xlsx": "impact-dashboard-xlsx",
    })  # fmt: skip


@center_view()
def center_export(request, fmt: str):
    forbid_unless(perms.can_manage_impact(request.scope, request.center))
    return _export(_center_board(request.center), str(request.center), fmt)


def program_board(scope, center, pk: int, cohort_id) -> tuple:
    """A program's figures, or one of its cohorts' (`cohort_id`), from their own roll-ups:
    (program, its cohorts, the cohort shown or None, board)."""
    program = selectors.get_program_for(scope, center, pk)
    cohorts = list(selectors.cohorts_of(scope, center, program))
    cohort = None
    if cohort_id not in (None, ""):
        cohort = next((c for c in cohorts if str(c.pk) == str(cohort_id)), None)
        if cohort is None:
            raise Http404
    group = f"c{cohort.pk}" if cohort is not None else f"p{program.pk}"
    return program, cohorts, cohort, dashboards.build(center_ids=[center.pk], group=group)


@center_view()
def program_dashboard(request, pk: int):
    forbid_unless(perms.can_manage_impact(request.scope, request.center))
    program, cohorts, cohort, board = program_board(
        request.scope, request.center, pk, request.GET.get("cohort")
    )
    ventures = selectors.program_venture_ids(program, cohort)
    return render(request, "impact/program.html", {
        "program": program, "cohorts": cohorts, "cohort": cohort, "board": board,
        "figures": _figures(board, _("Verified values")), "ventures": len(ventures),
        "beneficiaries": selectors.unique_beneficiaries(ventures),
        "sroi": selectors.sroi_for(request.scope, request.center).filter(program=program),
    })  # fmt: skip


@center_view()
def program_export(request, pk: int, fmt: str):
    forbid_unless(perms.can_manage_impact(request.scope, request.center))
    program, _cohorts, cohort, board = program_board(
        request.scope, request.center, pk, request.GET.get("cohort")
    )
    return _export(board, str(cohort or program), fmt)


def _funder_board(request):
    ids = selectors.funded_venture_ids(request.scope, request.center)
    if not ids:
        raise Http404
    return dashboards.build(center_ids=[request.center.pk], venture_ids=ids), ids


@center_view()
def funder_dashboard(request):
    """What a funder's awards paid for: aggregates over the funded ventures, never one."""
    board, ids = _funder_board(request)
    return render(request, "impact/dashboard.html", {
        "title": _("Impact of what you funded"), "board": board,
        "figures": _figures(board, _("Verified values")),
        "beneficiaries": selectors.unique_beneficiaries(ids), "ventures": len(ids),
        "csv": "impact-funder-csv", "xlsx": "impact-funder-xlsx",
    })  # fmt: skip


@center_view()
def funder_export(request, fmt: str):
    board, _ids = _funder_board(request)
    return _export(board, _("funded impact"), fmt)


def network_rows(center) -> list[dict]:
    """Per network of the center, per SDG goal and measure: the centers' merged totals."""
    networks = selectors.network_center_ids(center)
    every_center = {pk for ids in networks.values() for pk in ids}
    qs = selectors.cells(every_center, center_level=True).filter(period__isnull=True)
    all_cells = list(qs.select_related("indicator").prefetch_related("indicator__sdg_targets"))
    out = []
    for network, center_ids in networks.items():
        groups: dict[tuple, agg.Partial] = defaultdict(lambda: agg.EMPTY)
        centers: dict[tuple, set] = defaultdict(set)
        meta = {}
        members = set(center_ids)
        for cell in (c for c in all_cells if c.center_id in members):
            ind = cell.indicator
            for goal in sorted({t.goal_id for t in ind.sdg_targets.all()}):
                key = (goal, ind.measure.key)
                groups[key] = agg.merge(groups[key], to_partial(cell))
                centers[key].add(cell.center_id)
                meta[key] = ind
        rows = []
        for key, p in sorted(groups.items()):
            ind = meta[key]
            rows.append({
                "goal": key[0], "unit": ind.unit, "currency": ind.currency,
                "aggregation": ind.get_aggregation_display(), "kind": ind.get_kind_display(),
                "value": agg.value(p, ind.aggregation, ind.kind), "centers": len(centers[key]),
            })  # fmt: skip
        out.append({"network": network, "rows": rows, "centers": len(center_ids)})
    return out


@center_view()
def network_dashboard(request):
    forbid_unless(perms.can_manage_impact(request.scope, request.center))
    networks = network_rows(request.center)
    figures = []
    for n in networks:
        per_goal: dict[int, int] = {}
        for r in n["rows"]:
            per_goal[r["goal"]] = max(per_goal.get(r["goal"], 0), r["centers"])
        if per_goal:
            board = dashboards.Board([], [], sorted(per_goal.items()), [])
            fig = dashboards.sdg_figure(board, _("Centers"))
            fig["layout"]["title"]["text"] = f"{n['network'].name} · {_('SDG contribution')}"
            figures.append(fig)
    return render(request, "impact/network.html", {"networks": networks, "figures": figures})


@center_view()
def network_export(request, fmt: str):
    forbid_unless(perms.can_manage_impact(request.scope, request.center))
    header = [_("Network"), _("SDG"), _("Type"), _("Unit"), _("Currency"), _("Aggregation"),
              _("Value"), _("Centers")]  # fmt: skip
    rows = [
        [
            n["network"].name,
            r["goal"],
            r["kind"],
            r["unit"],
            r["currency"],
            r["aggregation"],
            r["value"],
            r["centers"],
        ]
        for n in network_rows(request.center)
        for r in n["rows"]
    ]
    return _download(header, rows, "network-impact", fmt)
