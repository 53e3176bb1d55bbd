"""Keeping roll-up cells up to date, in the transaction that verifies (or corrects) a report.

Four cells per (indicator, disaggregation category) follow each verified report: the
venture's for the period and over all periods, the center's for the period and over all
periods. A change replaces the venture's period cell with the new revision's values; parents
take the difference (subtract the old partial, merge the new) and, when the old partial held
the minimum, maximum or most recent value, are recomputed from their children (the ventures'
cells, never the observations). `recompute` builds the same cells from scratch, for checks
and `markaz impact rebuild`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection

from markaz.impact import aggregation as agg
from markaz.impact.models import Indicator, Observation, Report, RollupCell

STATE = ("n", "total", "weight", "weighted_total", "minimum", "maximum", "latest", "latest_on")
K = RollupCell.make_key
INSERT_CELL = (
    "INSERT INTO impact_rollupcell (key, center_id, venture_id, indicator_id, period_id, "
    "dimension, category, country, n, total, weight, weighted_total, minimum, maximum, latest, "
    "latest_on) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
)


def to_partial(cell: RollupCell) -> agg.Partial:
    return agg.Partial(*(getattr(cell, f) for f in STATE))


def _fill(cell: RollupCell, p: agg.Partial) -> None:
    for f in STATE:
        setattr(cell, f, getattr(p, f))


def _obs_partial(o: Observation, on) -> agg.Partial:
    return agg.of(o.value, weight=o.weight, on=on)


def _partials_by_revision(revision_ids: set[int]) -> dict[int, dict[tuple, agg.Partial]]:
    out: dict[int, dict[tuple, agg.Partial]] = defaultdict(dict)
    ids = list(revision_ids)
    for i in range(0, len(ids), 5000):
        rows = Observation.objects.filter(revision_id__in=ids[i : i + 5000]).values_list(
            "revision_id", "indicator_id", "dimension", "category", "value", "weight",
            "revision__report__period__ends_on",
        )  # fmt: skip
        for rev, ind, dim, cat, value, weight, on in rows.iterator(chunk_size=5000):
            out[rev][(ind, dim, cat)] = agg.of(value, weight=weight, on=on)
    return out


NO_COUNTRY = "ZZ"


def _groups(cell: RollupCell) -> list[tuple]:
    """The parent groups a cell is a child of (see `apply_changes`)."""
    c, v, ind, p, dim, cat = (cell.center_id, cell.venture_id, cell.indicator_id,
                              cell.period_id, cell.dimension, cell.category)  # fmt: skip
    if v is None:
        return []
    if p is not None:
        return [("center-period", c, ind, p, dim, cat), ("venture-all", c, v, ind, dim, cat)]
    return [("center-all", c, ind, dim, cat)]


def _countries(venture_ids) -> dict[int, str]:
    from markaz.ventures.models import Venture

    return {
        pk: (country or NO_COUNTRY)
        for pk, country in Venture.objects.filter(pk__in=list(venture_ids)).values_list(
            "pk", "country"
        )
    }


class _Cells:
    """The cells touched by one batch, loaded in bulk, indexed by parent group, saved in bulk."""

    def __init__(self) -> None:
        self.by_key: dict[str, RollupCell] = {}
        self.groups: dict[tuple, dict[str, RollupCell]] = defaultdict(dict)
        self.preloaded: tuple[set, set, set] = (set(), set(), set())
        self.country_of: dict[int, str] = {}
        self.dirty: set[str] = set()

    def _add(self, cell: RollupCell) -> None:
        self.by_key[cell.key] = cell
        for g in _groups(cell):
            self.groups[g][cell.key] = cell

    def load(self, keys: Iterable[str]) -> None:
        wanted = [k for k in set(keys) if k not in self.by_key]
        for i in range(0, len(wanted), 500):
            for cell in RollupCell.objects.select_for_update().filter(key__in=wanted[i : i + 500]):
                self._add(cell)

    def load_venture_periods(self, center_ids, venture_ids, indicator_ids) -> None:
        """Every period cell of these ventures: the venture-all groups become complete."""
        qs = RollupCell.objects.filter(
            center_id__in=center_ids, venture_id__in=venture_ids, indicator_id__in=indicator_ids,
            period__isnull=False,
        )  # fmt: skip
        for cell in qs.iterator(chunk_size=5000):
            if cell.key not in self.by_key:
                self._add(cell)
        self.preloaded = (set(center_ids), set(venture_ids), set(indicator_ids))

    def get(self, key: str) -> agg.Partial:
        cell = self.by_key.get(key)
        return to_partial(cell) if cell is not None else agg.EMPTY

    def set(self, key: str, p: agg.Partial, **ids) -> None:
        cell = self.by_key.get(key)
        if cell is None:
            cell = RollupCell(key=key, **ids)
            self._add(cell)
        _fill(cell, p)
        self.dirty.add(key)

    def children(self, group: tuple) -> list[agg.Partial]:
        """The partials of a group's children: the database's, overlaid with this batch's."""
        found = dict(self.groups.get(group, {}))
        centers, ventures, indicators = self.preloaded
        loaded = group[0] == "venture-all" and (
            group[1] in centers and group[2] in ventures and group[3] in indicators
        )
        if not loaded:
            kind, c, *rest = group
            if kind == "center-period":
                ind, p, dim, cat = rest
                flt = {"indicator_id": ind, "period_id": p, "venture__isnull": False}
            elif kind == "center-all":
                ind, dim, cat = rest
                flt = {"indicator_id": ind, "period__isnull": True, "venture__isnull": False}
            elif kind == "country-all":
                ind, dim, cat, country = rest
                found = {
                    k: cell
                    for k, cell in self.groups.get(("center-all", c, ind, dim, cat), {}).items()
                    if self.country_of.get(cell.venture_id) == country
                }
                flt = {"indicator_id": ind, "period__isnull": True, "venture__isnull": False,
                       "venture__country": "" if country == NO_COUNTRY else country}  # fmt: skip
            else:
                v, ind, dim, cat = rest
                flt = {"venture_id": v, "indicator_id": ind, "period__isnull": False}
            qs = RollupCell.objects.filter(center_id=c, dimension=dim, category=cat, **flt)
            for cell in qs:
                found.setdefault(cell.key, cell)
        return [to_partial(c) for c in found.values()]

    def save(self) -> None:
        """New cells with one executemany, changed ones with bulk_update."""
        new = [self.by_key[k] for k in self.dirty if self.by_key[k].pk is None]
        old = [self.by_key[k] for k in self.dirty if self.by_key[k].pk is not None]
        ops = connection.ops
        rows = [
            (c.key, c.center_id, c.venture_id, c.indicator_id, c.period_id, c.dimension,
             c.category, c.country, c.n, c.total, c.weight, c.weighted_total, c.minimum,
             c.maximum, c.latest, ops.adapt_datefield_value(c.latest_on))
            for c in new
        ]  # fmt: skip
        if rows:
            with connection.cursor() as cursor:
                cursor.executemany(INSERT_CELL, rows)
        RollupCell.objects.bulk_update(old, list(STATE), batch_size=1000)


def apply_changes(changes: list[tuple[Report, int | None, int | None]]) -> None:
    """Each (report, revision counted until now, revision counted from now on)."""
    revision_ids = {r for _rep, a, b in changes for r in (a, b) if r}
    parts = _partials_by_revision(revision_ids)
    cells = _Cells()
    work = []  # (report, indicator_id, dim, cat, old, new)
    for report, old_rev, new_rev in changes:
        old = parts.get(old_rev, {}) if old_rev else {}
        new = parts.get(new_rev, {}) if new_rev else {}
        for key in old.keys() | new.keys():
            work.append((report, *key, old.get(key, agg.EMPTY), new.get(key, agg.EMPTY)))
    if not work:
        return
    indicator_ids = {w[1] for w in work}
    rules = dict(Indicator.objects.filter(pk__in=indicator_ids).values_list("pk", "aggregation"))
    keys = []
    for rep, ind, dim, cat, _o, _n in work:
        c, v, p = rep.center_id, rep.venture_id, rep.period_id
        keys += [K(c, v, ind, None, dim, cat), K(c, None, ind, p, dim, cat),
                 K(c, None, ind, None, dim, cat)]  # fmt: skip
    cells.country_of = _countries({w[0].venture_id for w in work})
    for rep, ind, dim, cat, _o, _n in work:
        keys.append(K(rep.center_id, None, ind, None, dim, cat, cells.country_of[rep.venture_id]))
    cells.load(keys)
    cells.load_venture_periods(
        {w[0].center_id for w in work}, {w[0].venture_id for w in work}, indicator_ids
    )

    # 1. The venture's period cells take the new values; remember the old venture-all state.
    venture_all_before: dict[str, agg.Partial] = {}
    center_period_delta: dict[str, list] = defaultdict(list)
    touched_venture_all: dict[str, tuple] = {}
    for rep, ind, dim, cat, old, new in work:
        c, v, p = rep.center_id, rep.venture_id, rep.period_id
        ids = {"center_id": c, "indicator_id": ind, "dimension": dim, "category": cat}
        cells.set(K(c, v, ind, p, dim, cat), new, venture_id=v, period_id=p, **ids)
        center_period_delta[K(c, None, ind, p, dim, cat)].append((old, new, ids, p))
        vall = K(c, v, ind, None, dim, cat)
        venture_all_before.setdefault(vall, cells.get(vall))
        touched_venture_all[vall] = (c, v, ind, dim, cat)

    # 2. The center's period cells: difference, or recompute from the ventures' period cells.
    for key, deltas in center_period_delta.items():
        ids, period_id = deltas[0][2], deltas[0][3]
        state = cells.get(key)
        for old, new, _ids, _p in deltas:
            state = agg.subtract(state, old) if state is not None else None
            state = agg.merge(state, new) if state is not None else None
        if state is None:
            group = ("center-period", ids["center_id"], ids["indicator_id"], period_id,
                     ids["dimension"], ids["category"])  # fmt: skip
            state = agg.merge_all(cells.children(group))
        cells.set(key, state, venture_id=None, period_id=period_id, **ids)

    # 3. The venture's all-period cells: recomputed over the venture's periods (all loaded).
    center_all_delta: dict[str, list] = defaultdict(list)
    for vall, (c, v, ind, dim, cat) in touched_venture_all.items():
        ids = {"center_id": c, "indicator_id": ind, "dimension": dim, "category": cat}
        state = agg.over_time(cells.children(("venture-all", c, v, ind, dim, cat)), rules[ind])
        cells.set(vall, state, venture_id=v, period_id=None, **ids)
        center_all_delta[K(c, None, ind, None, dim, cat)].append(
            (venture_all_before[vall], state, ids)
        )
        country = cells.country_of[v]
        center_all_delta[K(c, None, ind, None, dim, cat, country)].append(
            (venture_all_before[vall], state, {**ids, "country": country})
        )

    # 4. The center's all-period cells: difference, or recompute from the ventures' cells.
    for key, deltas in center_all_delta.items():
        ids = deltas[0][2]
        state = cells.get(key)
        for old, new, _ids in deltas:
            state = agg.subtract(state, old) if state is not None else None
            state = agg.merge(state, new) if state is not None else None
        if state is None:
            group = ("center-all", ids["center_id"], ids["indicator_id"], ids["dimension"],
                     ids["category"])  # fmt: skip
            if ids.get("country"):
                group = ("country-all", *group[1:], ids["country"])
            state = agg.merge_all(cells.children(group))
        cells.set(key, state, venture_id=None, period_id=None, **ids)
    cells.save()


# -- from scratch -----------------------------------------------------------------------------


def recompute(center_id: int) -> dict[str, agg.Partial]:
    """Every cell of a center computed from its verified revisions (for checks and rebuilds)."""
    reports = Report.objects.filter(center_id=center_id, verified__isnull=False).select_related(
        "period"
    )
    rules = dict(Indicator.objects.filter(center_id=center_id).values_list("pk", "aggregation"))
    by_report = {r.verified_id: r for r in reports}
    venture_period: dict[str, agg.Partial] = {}
    per_venture: dict[tuple, list] = defaultdict(list)
    per_center_period: dict[tuple, list] = defaultdict(list)
    rows = Observation.objects.filter(revision_id__in=list(by_report))
    for o in rows.iterator(chunk_size=5000):
        r = by_report[o.revision_id]
        p = _obs_partial(o, r.period.ends_on)
        dim, cat, ind = o.dimension, o.category, o.indicator_id
        venture_period[K(center_id, r.venture_id, ind, r.period_id, dim, cat)] = p
        per_venture[(r.venture_id, ind, dim, cat)].append(p)
        per_center_period[(ind, r.period_id, dim, cat)].append(p)
    out = dict(venture_period)
    per_center_all: dict[tuple, list] = defaultdict(list)
    countries = _countries({v for v, *_rest in per_venture})
    for (v, ind, dim, cat), parts in per_venture.items():
        p = agg.over_time(parts, rules[ind])
        out[K(center_id, v, ind, None, dim, cat)] = p
        per_center_all[(ind, dim, cat)].append(p)
        per_center_all[(ind, dim, cat, countries[v])].append(p)
    for (ind, period, dim, cat), parts in per_center_period.items():
        out[K(center_id, None, ind, period, dim, cat)] = agg.merge_all(parts)
    for (ind, dim, cat, *country), parts in per_center_all.items():
        out[K(center_id, None, ind, None, dim, cat, *country)] = agg.merge_all(parts)
    return out


def stored(center_id: int) -> dict[str, agg.Partial]:
    """The center's cells as stored (empty ones left out)."""
    return {c.key: to_partial(c) for c in RollupCell.objects.filter(center_id=center_id, n__gt=0)}


def rebuild(center_id: int) -> int:
    """Replace a center's cells by a from-scratch computation; returns how many were written."""
    fresh = recompute(center_id)
    RollupCell.objects.filter(center_id=center_id).delete()
    new = []
    for key, p in fresh.items():
        base, _at, country = key.partition(":@")
        c, v, ind, period, dim, cat = base.split(":", 5)
        cell = RollupCell(
            key=key, center_id=int(c), venture_id=int(v) or None, indicator_id=int(ind),
            period_id=int(period) or None, dimension=dim, category=cat, country=country,
        )  # fmt: skip
        _fill(cell, p)
        new.append(cell)
    RollupCell.objects.bulk_create(new, batch_size=1000)
    return len(new)
