"""Dashboard data from roll-up cells (never raw observations) and plotly figures as dicts.

Each dashboard is a `Board`: headline figures per indicator, time series, progress to
target, SDG contribution and a table by country, for a set of ventures (one venture, a
funder's portfolio) or a set of centers (a center, a network). Values of different
indicators are only combined when their measures agree (kind, unit, currency, rule).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Max, Min, Sum
from django.utils import translation
from django.utils.translation import gettext as _

from markaz.impact import aggregation as agg
from markaz.impact.models import Indicator, PeriodTarget, ReportingPeriod, VentureIndicator
from markaz.impact.rollups import NO_COUNTRY
from markaz.impact.selectors import cells

PALETTE = ["#0f766e", "#b45309", "#1d4ed8", "#be123c", "#4d7c0f", "#7c3aed"]


@dataclass
class Row:
    indicator: Indicator
    value: Decimal | None
    target: Decimal | None = None
    baseline: Decimal | None = None
    progress: float | None = None
    series: list[tuple[ReportingPeriod, Decimal | None]] = field(default_factory=list)


@dataclass
class Board:
    rows: list[Row]
    by_country: list[tuple[str, Indicator, Decimal | None]]
    sdg: list[tuple[int, int]]  # (goal number, verified values or centers contributing)
    periods: list[ReportingPeriod]

    def table(self) -> list[list]:
        """Flat rows for CSV/XLSX: indicator, unit, period, value, target, progress."""
        out = []
        for r in self.rows:
            for period, value in r.series:
                out.append([r.indicator.code, r.indicator.name, r.indicator.unit, period.label,
                            value, "", ""])  # fmt: skip
            out.append([r.indicator.code, r.indicator.name, r.indicator.unit, _("All periods"),
                        r.value, r.target, r.progress])  # fmt: skip
        return out


def _value(p: agg.Partial, ind: Indicator) -> Decimal | None:
    v = agg.value(p, ind.aggregation, ind.kind)
    return None if v is None else v.quantize(Decimal("0.01"))


def _targets(venture_ids, indicators) -> dict[tuple[int, int], Decimal]:
    """Sum of the ventures' targets per (indicator, period), for additive measures."""
    out: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    qs = PeriodTarget.objects.filter(venture_indicator__venture_id__in=venture_ids).values_list(
        "venture_indicator__indicator_id", "period_id", "value"
    )
    for ind, period, value in qs:
        out[(ind, period)] += value
    return {k: v for k, v in out.items() if indicators[k[0]].kind in agg.ADDITIVE_KINDS}


MERGED = {
    "n": Sum("n"), "total": Sum("total"), "weight": Sum("weight"),
    "weighted_total": Sum("weighted_total"), "minimum": Min("minimum"), "maximum": Max("maximum"),
}  # fmt: skip


def _merged(row: dict) -> agg.Partial:
    """Cells merged by the database: sums, minimum and maximum are all a merge needs for the
    figures (`latest` across entities adds or averages, see `aggregation.value`)."""
    z = agg.ZERO
    return agg.Partial(row["n"] or 0, row["total"] or z, row["weight"] or z,
                       row["weighted_total"] or z, row["minimum"], row["maximum"])  # fmt: skip


OWN = ("indicator_id", "period_id", "country", "n", "total", "weight", "weighted_total",
       "minimum", "maximum")  # fmt: skip


def _own_cells(center_ids, group: str):
    """The stored cells of centers (or of a cohort or program) read as they are: one indexed
    range of the roll-up table, one row per (indicator, period) and per country; no GROUP BY."""
    qs = cells(center_ids, center_level=True, group=group, by_country=None)
    overall: dict[int, agg.Partial] = {}
    per_period: dict[tuple, agg.Partial] = {}
    country: dict[tuple, agg.Partial] = {}
    for ind, period, code, n, total, weight, wtotal, low, high in qs.values_list(*OWN).order_by():
        p = agg.Partial(n, total, weight, wtotal, low, high)
        if code:
            into, key = country, ("" if code == NO_COUNTRY else code, ind)
        elif period is None:
            into, key = overall, ind
        else:
            into, key = per_period, (ind, period)
        # One cell per key for one center; several centers (a network) merge theirs.
        into[key] = agg.merge(into[key], p) if key in into else p
    return overall, per_period, country


def _grouped_cells(center_ids, venture_ids):
    """Some ventures' cells merged by the database (GROUP BY over cells, never observations)."""
    qs = cells(center_ids, venture_ids=venture_ids)
    overall: dict[int, agg.Partial] = {}
    per_period: dict[tuple, agg.Partial] = {}
    for row in qs.values("indicator_id", "period_id").annotate(**MERGED).order_by():
        if row["period_id"] is None:
            overall[row["indicator_id"]] = _merged(row)
        else:
            per_period[(row["indicator_id"], row["period_id"])] = _merged(row)
    by_country = (
        qs.filter(period__isnull=True)
        .values(code=F("venture__country"), ind=F("indicator_id"))
        .annotate(**MERGED)
        .order_by()
    )
    country = {
        (row["code"] if row["code"] not in (None, NO_COUNTRY) else "", row["ind"]): _merged(row)
        for row in by_country
    }
    return overall, per_period, country


def build(*, center_ids, venture_ids=None, center_level=False, group: str = "") -> Board:
    """The figures of some ventures, of centers (`center_level`) or of a cohort or program
    (`group` "c12" or "p3"), from roll-up cells only."""
    if center_level or group:
        overall, per_period, country = _own_cells(center_ids, group)
    else:
        overall, per_period, country = _grouped_cells(center_ids, venture_ids)
    indicators = {
        i.pk: i
        for i in Indicator.objects.filter(pk__in=list(overall)).prefetch_related("sdg_targets")
    }
    # SDG contribution: verified values (data points) on indicators mapped to each goal.
    per_goal: dict[int, int] = defaultdict(int)
    for ind_id, p in overall.items():
        for goal in {t.goal_id for t in indicators[ind_id].sdg_targets.all()}:
            per_goal[goal] += p.n
    sdg = sorted(per_goal.items())
    periods = {p.pk: p for p in ReportingPeriod.objects.filter(pk__in={k[1] for k in per_period})}
    ordered = sorted(periods.values(), key=lambda p: (p.starts_on, p.frequency))
    targets = _targets(venture_ids, indicators) if venture_ids is not None else {}
    baselines = {}
    if venture_ids is not None and len(venture_ids) == 1:
        baselines = dict(
            VentureIndicator.objects.filter(venture_id__in=venture_ids).values_list(
                "indicator_id", "baseline"
            )
        )
    rows = []
    for ind_id, ind in sorted(indicators.items(), key=lambda kv: kv[1].code):
        series = [
            (p, _value(per_period[(ind_id, p.pk)], ind))
            for p in ordered
            if (ind_id, p.pk) in per_period
        ]
        row = Row(ind, _value(overall[ind_id], ind), series=series, baseline=baselines.get(ind_id))
        last = next(((p, v) for p, v in reversed(series) if (ind_id, p.pk) in targets), None)
        if last is not None:
            row.target = targets[(ind_id, last[0].pk)]
            row.progress = agg.progress(last[1], baseline=row.baseline, target=row.target)
        rows.append(row)
    by_country = sorted(
        ((code, indicators[i], _value(p, indicators[i])) for (code, i), p in country.items()
         if i in indicators),
        key=lambda t: (t[0], t[1].code),
    )  # fmt: skip
    return Board(rows, by_country, sdg, ordered)


# -- figures ----------------------------------------------------------------------------------


def _layout(title: str, **extra) -> dict:
    rtl = translation.get_language_bidi()
    layout = {
        "title": {"text": title, "x": 0.98 if rtl else 0.02, "xanchor": "right" if rtl else "left"},
        "margin": {"l": 50, "r": 30, "t": 50, "b": 60},
        "height": 320,
        "font": {"family": "system-ui, 'Noto Sans Arabic', sans-serif"},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        **extra,
    }
    if rtl:
        layout.setdefault("xaxis", {})["autorange"] = "reversed"
        layout.setdefault("yaxis", {})["side"] = "right"
    return layout


def time_series(board: Board, limit: int = 6) -> list[dict]:
    figures = []
    for i, row in enumerate([r for r in board.rows if r.series][:limit]):
        figures.append({
            "data": [{
                "type": "scatter", "mode": "lines+markers",
                "x": [p.label for p, _v in row.series],
                "y": [float(v) if v is not None else None for _p, v in row.series],
                "name": row.indicator.name, "line": {"color": PALETTE[i % len(PALETTE)]},
            }],
            "layout": _layout(
                f"{row.indicator.name} ({row.indicator.unit})",
                xaxis={"type": "category", "title": {"text": _("Period")}},
                yaxis={"title": {"text": row.indicator.unit}, "rangemode": "tozero"},
            ),
        })  # fmt: skip
    return figures


def progress_figure(board: Board) -> dict | None:
    rows = [r for r in board.rows if r.progress is not None]
    if not rows:
        return None
    return {
        "data": [{
            "type": "bar", "orientation": "h",
            "x": [round(min(max(r.progress, 0), 1.5) * 100, 1) for r in rows],
            "y": [r.indicator.name for r in rows],
            "marker": {"color": [PALETTE[0] if r.progress >= 1 else PALETTE[1] for r in rows]},
            "hovertemplate": "%{x}%<extra></extra>",
        }],
        "layout": _layout(
            _("Progress to target (latest period)"),
            xaxis={"title": {"text": "%"}, "range": [0, 150]},
            yaxis={"automargin": True},
            shapes=[{"type": "line", "x0": 100, "x1": 100, "y0": -0.5, "y1": len(rows) - 0.5,
                     "line": {"dash": "dot", "color": "#555"}}],
        ),
    }  # fmt: skip


def sdg_figure(board: Board, what: str) -> dict | None:
    if not board.sdg:
        return None
    return {
        "data": [{
            "type": "bar",
            "x": [_("SDG %(n)s") % {"n": g} for g, _n in board.sdg],
            "y": [n for _g, n in board.sdg],
            "marker": {"color": PALETTE[2]},
        }],
        "layout": _layout(
            _("SDG contribution"), xaxis={"type": "category"},
            yaxis={"title": {"text": what}, "dtick": 1, "rangemode": "tozero"},
        ),
    }  # fmt: skip


def build_unverified(venture) -> Board:
    """A venture's figures including submitted, not yet verified values (its team asks)."""
    from markaz.impact.models import Observation, Report

    reports = Report.objects.filter(venture=venture, current__isnull=False).select_related("period")
    by_rev = {r.current_id: r for r in reports}
    per_period: dict[tuple, agg.Partial] = {}
    for o in Observation.objects.filter(revision_id__in=list(by_rev), dimension=""):
        period = by_rev[o.revision_id].period
        per_period[(o.indicator_id, period)] = agg.of(o.value, weight=o.weight, on=period.ends_on)
    indicators = {i.pk: i for i in Indicator.objects.filter(pk__in={k[0] for k in per_period})}
    rows = []
    for ind_id, ind in sorted(indicators.items(), key=lambda kv: kv[1].code):
        keys = sorted((k for k in per_period if k[0] == ind_id), key=lambda k: k[1].starts_on)
        series = [(k[1], _value(per_period[k], ind)) for k in keys]
        overall = agg.over_time([per_period[k] for k in keys], ind.aggregation)
        rows.append(Row(ind, _value(overall, ind), series=series))
    periods = sorted({k[1] for k in per_period}, key=lambda p: p.starts_on)
    return Board(rows, [], [], periods)
