"""Keeping roll-up cells up to date, in the transaction that verifies (or corrects) a report.

Cells follow each verified report per (indicator, disaggregation category): the venture's for
the period and over all periods; its parents' for the period and over all periods, namely the
center's (also per country, all periods), each cohort's the venture is in and each program's
those cohorts belong to (a venture in two cohorts of a program counts once in it). A change
replaces the venture's period cell with the new revision's values; parents take the
difference (subtract the old partial, merge the new) and, when the old partial held the
minimum, maximum or most recent value, are recomputed from their children (the ventures'
cells, never the observations). A venture joining or leaving a cohort moves its cells into or
out of the cohort's and program's (`apply_membership`, called by `signals.py`). `recompute`
builds the same cells from scratch, for checks and `markaz impact rebuild`.
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
    "dimension, category, country, cohort_id, program_id, n, total, weight, weighted_total, "
    "minimum, maximum, latest, latest_on) VALUES "
    "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
)

COPY_CELLS = (
    "COPY impact_rollupcell (key, center_id, venture_id, indicator_id, period_id, dimension, "
    "category, country, cohort_id, program_id, n, total, weight, weighted_total, minimum, "
    "maximum, latest, latest_on) FROM STDIN"
)
UPDATE_CELL = (
    "UPDATE impact_rollupcell SET n = %s, total = %s, weight = %s, weighted_total = %s, "
    "minimum = %s, maximum = %s, latest = %s, latest_on = %s WHERE id = %s"
)


FIELDS = ("id", "key", "center_id", "venture_id", "indicator_id", "period_id", "dimension",
          "category", "country", "cohort_id", "program_id", *STATE)  # fmt: skip


class Cell:
    """A roll-up cell while a batch works on it: RollupCell's columns, without the ORM's
    per-instance cost (a batch may touch hundreds of thousands)."""

    __slots__ = FIELDS

    def __init__(self, *values, **named) -> None:
        for name, value in zip(FIELDS, values, strict=False):
            setattr(self, name, value)
        for name in FIELDS[len(values) :]:
            setattr(self, name, named.get(name, _DEFAULTS.get(name)))

    @property
    def pk(self):
        return self.id

    @classmethod
    def rows(cls, qs):
        return (cls(*row) for row in qs.values_list(*FIELDS).iterator(chunk_size=5000))


_DEFAULTS = {"dimension": "", "category": "", "country": "", **agg.EMPTY.__dict__}


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


def group_ids(group: str) -> dict:
    """The cohort or program a group key ("c12", "p3") names, as cell fields."""
    if not group:
        return {}
    return {"cohort_id" if group[0] == "c" else "program_id": int(group[1:])}


def _memberships(venture_ids) -> dict[int, list[str]]:
    """Per venture, the groups it counts in: its cohorts ("c…") and their programs ("p…")."""
    from markaz.programs.models import CohortMember

    out: dict[int, list[str]] = defaultdict(list)
    rows = CohortMember.objects.filter(venture_id__in=list(venture_ids)).values_list(
        "venture_id", "cohort_id", "cohort__program_id"
    )
    for v, cohort, program in rows.order_by("cohort_id"):
        out[v].append(f"c{cohort}")
        if f"p{program}" not in out[v]:
            out[v].append(f"p{program}")
    return out


def _members(group: str) -> set[int]:
    from markaz.programs.models import CohortMember

    pk = int(group[1:])
    flt = {"cohort_id": pk} if group[0] == "c" else {"cohort__program_id": pk}
    return set(CohortMember.objects.filter(**flt).values_list("venture_id", flat=True))


class _Cells:
    """The cells touched by one batch, loaded in bulk, indexed by parent group, saved in bulk."""

    def __init__(self) -> None:
        self.by_key: dict[str, RollupCell] = {}
        self.groups: dict[tuple, dict[str, RollupCell]] = defaultdict(dict)
        self.preloaded: tuple[set, set, set] = (set(), set(), set())
        self.country_of: dict[int, str] = {}
        self.dirty: set[str] = set()
        self.members: dict[str, set[int]] = {}

    def _add(self, cell: RollupCell) -> None:
        self.by_key[cell.key] = cell
        for g in _groups(cell):
            self.groups[g][cell.key] = cell

    def load(self, keys: Iterable[str]) -> None:
        wanted = [k for k in set(keys) if k not in self.by_key]
        for i in range(0, len(wanted), 500):
            qs = RollupCell.objects.select_for_update().filter(key__in=wanted[i : i + 500])
            for cell in Cell.rows(qs):
                self._add(cell)

    def load_venture_periods(self, center_ids, venture_ids, indicator_ids) -> None:
        """Every period cell of these ventures: the venture-all groups become complete."""
        qs = RollupCell.objects.filter(
            center_id__in=center_ids, venture_id__in=venture_ids, indicator_id__in=indicator_ids,
            period__isnull=False,
        )  # fmt: skip
        for cell in Cell.rows(qs):
            if cell.key not in self.by_key:
                self._add(cell)
        self.preloaded = (set(center_ids), set(venture_ids), set(indicator_ids))

    def get(self, key: str) -> agg.Partial:
        cell = self.by_key.get(key)
        return to_partial(cell) if cell is not None else agg.EMPTY

    def set(self, key: str, p: agg.Partial, **ids) -> None:
        cell = self.by_key.get(key)
        if cell is None:
            cell = Cell(key=key, **ids)
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
            if kind in ("group-period", "group-all"):
                return self._group_children(group)
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
            for cell in Cell.rows(qs):
                found.setdefault(cell.key, cell)
        return [to_partial(c) for c in found.values()]

    def _group_children(self, group: tuple) -> list[agg.Partial]:
        """A cohort's or program's children: its member ventures' cells."""
        kind, c, ind, *rest = group
        gkey = rest[-1]
        if gkey not in self.members:
            self.members[gkey] = _members(gkey)
        members = self.members[gkey]
        if kind == "group-period":
            p, dim, cat = rest[:3]
            overlay = self.groups.get(("center-period", c, ind, p, dim, cat), {})
            flt = {"period_id": p}
        else:
            dim, cat = rest[:2]
            overlay = self.groups.get(("center-all", c, ind, dim, cat), {})
            flt = {"period__isnull": True}
        found = {k: cell for k, cell in overlay.items() if cell.venture_id in members}
        qs = RollupCell.objects.filter(
            center_id=c, indicator_id=ind, dimension=dim, category=cat,
            venture_id__in=list(members), **flt,
        )  # fmt: skip
        for cell in Cell.rows(qs):
            found.setdefault(cell.key, cell)
        return [to_partial(cell) for cell in found.values()]

    def settle(self, parents: dict) -> None:
        """Apply the collected differences to parent cells: {key: (fields, group, deltas)}."""
        for key, (ids, group, deltas) in parents.items():
            state = self.get(key)
            for old, new in deltas:
                state = agg.subtract(state, old) if state is not None else None
                state = agg.merge(state, new) if state is not None else None
            if state is None:
                state = agg.merge_all(self.children(group))
            self.set(key, state, **ids)

    def save(self) -> None:
        """New cells with one executemany, changed ones with another."""
        new = [self.by_key[k] for k in self.dirty if self.by_key[k].pk is None]
        old = [self.by_key[k] for k in self.dirty if self.by_key[k].pk is not None]
        ops = connection.ops
        rows = [
            (c.key, c.center_id, c.venture_id, c.indicator_id, c.period_id, c.dimension,
             c.category, c.country, c.cohort_id, c.program_id, c.n, c.total, c.weight,
             c.weighted_total, c.minimum, c.maximum, c.latest,
             ops.adapt_datefield_value(c.latest_on))
            for c in new
        ]  # fmt: skip
        changed = [
            (c.n, c.total, c.weight, c.weighted_total, c.minimum, c.maximum, c.latest,
             ops.adapt_datefield_value(c.latest_on), c.pk)
            for c in old
        ]  # fmt: skip
        with connection.cursor() as cursor:
            if rows and connection.vendor == "postgresql":  # COPY: many times faster
                with cursor.cursor.copy(COPY_CELLS) as copy:
                    for row in rows:
                        copy.write_row(row)
            elif rows:
                cursor.executemany(INSERT_CELL, rows)
            if changed:  # one prepared UPDATE per cell (bulk_update's CASE chains cost more)
                cursor.executemany(UPDATE_CELL, changed)


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
    venture_ids = {w[0].venture_id for w in work}
    cells.country_of = _countries(venture_ids)
    groups_of = _memberships(venture_ids)
    keys = []
    for rep, ind, dim, cat, _o, _n in work:
        c, v, p = rep.center_id, rep.venture_id, rep.period_id
        keys += [K(c, v, ind, None, dim, cat), K(c, None, ind, p, dim, cat),
                 K(c, None, ind, None, dim, cat), K(c, None, ind, None, dim, cat,
                                                    cells.country_of[v])]  # fmt: skip
        for g in groups_of.get(v, ()):
            keys += [K(c, None, ind, p, dim, cat, group=g),
                     K(c, None, ind, None, dim, cat, group=g)]  # fmt: skip
    cells.load(keys)
    cells.load_venture_periods({w[0].center_id for w in work}, venture_ids, indicator_ids)

    # 1. The venture's period cells take the new values; their parents get the difference.
    parents: dict[str, tuple] = {}

    def to_parent(key: str, ids: dict, group: tuple, old, new) -> None:
        parents.setdefault(key, (ids, group, []))[2].append((old, new))

    venture_all_before: dict[str, agg.Partial] = {}
    touched_venture_all: dict[str, tuple] = {}
    for rep, ind, dim, cat, old, new in work:
        c, v, p = rep.center_id, rep.venture_id, rep.period_id
        ids = {"center_id": c, "indicator_id": ind, "dimension": dim, "category": cat}
        cells.set(K(c, v, ind, p, dim, cat), new, venture_id=v, period_id=p, **ids)
        up = {**ids, "venture_id": None, "period_id": p}
        to_parent(K(c, None, ind, p, dim, cat), up, ("center-period", c, ind, p, dim, cat),
                  old, new)  # fmt: skip
        for g in groups_of.get(v, ()):
            to_parent(K(c, None, ind, p, dim, cat, group=g), {**up, **group_ids(g)},
                      ("group-period", c, ind, p, dim, cat, g), old, new)  # fmt: skip
        vall = K(c, v, ind, None, dim, cat)
        venture_all_before.setdefault(vall, cells.get(vall))
        touched_venture_all[vall] = (c, v, ind, dim, cat)

    # 2. The venture's all-period cells: recomputed over the venture's periods (all loaded).
    for vall, (c, v, ind, dim, cat) in touched_venture_all.items():
        ids = {"center_id": c, "indicator_id": ind, "dimension": dim, "category": cat}
        state = agg.over_time(cells.children(("venture-all", c, v, ind, dim, cat)), rules[ind])
        cells.set(vall, state, venture_id=v, period_id=None, **ids)
        before = venture_all_before[vall]
        up = {**ids, "venture_id": None, "period_id": None}
        to_parent(K(c, None, ind, None, dim, cat), up, ("center-all", c, ind, dim, cat),
                  before, state)  # fmt: skip
        country = cells.country_of[v]
        to_parent(K(c, None, ind, None, dim, cat, country), {**up, "country": country},
                  ("country-all", c, ind, dim, cat, country), before, state)  # fmt: skip
        for g in groups_of.get(v, ()):
            to_parent(K(c, None, ind, None, dim, cat, group=g), {**up, **group_ids(g)},
                      ("group-all", c, ind, dim, cat, g), before, state)  # fmt: skip

    # 3. Parents (center, country, cohorts, programs): difference, or recomputed from children.
    cells.settle(parents)
    cells.save()


def apply_membership(*, venture_id: int, cohort_id: int, program_id: int, added: bool) -> None:
    """A venture joined (or left) a cohort: its cells move into (or out of) the cohort's, and
    the program's unless another cohort of that program already counts it."""
    from markaz.programs.models import CohortMember

    groups = [f"c{cohort_id}"]
    elsewhere = CohortMember.objects.filter(venture_id=venture_id, cohort__program_id=program_id)
    if not elsewhere.exclude(cohort_id=cohort_id).exists():
        groups.append(f"p{program_id}")
    mine = list(RollupCell.objects.filter(venture_id=venture_id, n__gt=0))
    if not mine:
        return
    cells = _Cells()
    cells.load(
        K(c.center_id, None, c.indicator_id, c.period_id, c.dimension, c.category, group=g)
        for c in mine
        for g in groups
    )
    parents: dict[str, tuple] = {}
    for cell in mine:
        c, ind, p, dim, cat = (cell.center_id, cell.indicator_id, cell.period_id, cell.dimension,
                               cell.category)  # fmt: skip
        part = to_partial(cell)
        old, new = (agg.EMPTY, part) if added else (part, agg.EMPTY)
        for g in groups:
            ids = {"center_id": c, "indicator_id": ind, "dimension": dim, "category": cat,
                   "venture_id": None, "period_id": p, **group_ids(g)}  # fmt: skip
            group = (("group-period", c, ind, p, dim, cat, g) if p is not None
                     else ("group-all", c, ind, dim, cat, g))  # fmt: skip
            parents.setdefault(K(c, None, ind, p, dim, cat, group=g), (ids, group, []))[2].append(
                (old, new)
            )
    cells.settle(parents)
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
    venture_cells: dict[tuple, agg.Partial] = {}  # (venture, indicator, period, dim, cat)
    per_venture: dict[tuple, list] = defaultdict(list)
    per_center_period: dict[tuple, list] = defaultdict(list)
    rows = Observation.objects.filter(revision_id__in=list(by_report))
    for o in rows.iterator(chunk_size=5000):
        r = by_report[o.revision_id]
        p = _obs_partial(o, r.period.ends_on)
        dim, cat, ind = o.dimension, o.category, o.indicator_id
        venture_period[K(center_id, r.venture_id, ind, r.period_id, dim, cat)] = p
        venture_cells[(r.venture_id, ind, r.period_id, dim, cat)] = p
        per_venture[(r.venture_id, ind, dim, cat)].append(p)
        per_center_period[(ind, r.period_id, dim, cat)].append(p)
    out = dict(venture_period)
    per_center_all: dict[tuple, list] = defaultdict(list)
    countries = _countries({v for v, *_rest in per_venture})
    for (v, ind, dim, cat), parts in per_venture.items():
        p = agg.over_time(parts, rules[ind])
        out[K(center_id, v, ind, None, dim, cat)] = p
        venture_cells[(v, ind, None, dim, cat)] = p
        per_center_all[(ind, dim, cat)].append(p)
        per_center_all[(ind, dim, cat, countries[v])].append(p)
    for (ind, period, dim, cat), parts in per_center_period.items():
        out[K(center_id, None, ind, period, dim, cat)] = agg.merge_all(parts)
    for (ind, dim, cat, *country), parts in per_center_all.items():
        out[K(center_id, None, ind, None, dim, cat, *country)] = agg.merge_all(parts)
    # Cohorts and programs: their member ventures' cells merged.
    groups_of = _memberships({v for v, *_rest in per_venture})
    per_group: dict[str, list] = defaultdict(list)
    for (v, ind, period, dim, cat), p in venture_cells.items():
        for g in groups_of.get(v, ()):
            per_group[K(center_id, None, ind, period, dim, cat, group=g)].append(p)
    for key, parts in per_group.items():
        out[key] = agg.merge_all(parts)
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
        base, _hash, group = key.partition(":#")
        base, _at, country = base.partition(":@")
        c, v, ind, period, dim, cat = base.split(":", 5)
        cell = RollupCell(
            key=key, center_id=int(c), venture_id=int(v) or None, indicator_id=int(ind),
            period_id=int(period) or None, dimension=dim, category=cat, country=country,
            **group_ids(group),
        )  # fmt: skip
        _fill(cell, p)
        new.append(cell)
    RollupCell.objects.bulk_create(new, batch_size=1000)
    return len(new)
