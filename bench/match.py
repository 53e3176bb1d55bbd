"""Mentor–mentee matching at network scale, against independent solvers on the same edges.

For 10,000 mentees × 2,000 mentors and 100,000 × 20,000 (mentor capacity 1–5; `--quick` runs
the small one only) it generates profiles deterministically, then times end to end: profile
generation, `candidate_edges` (top-k allowed mentors per mentee) and the exact `solve`.
The same edges are then solved by
- scipy's `min_weight_full_bipartite_matching` (LAPJVsp) on capacity-expanded mentor slots,
  with one dummy slot per mentee so a full matching always exists (dummy cost > any fit gain,
  so the number of real pairs is maximised first);
- the `matching` package's hospital–resident solver (stable, mentee-optimal) on preferences
  derived from the edges, at the largest size that finishes in about a minute; our own
  deferred acceptance must give the same matching.

Prints one JSON line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import subprocess
import sys
import tempfile
import threading
import time

import numpy as np

# Country → (time zone, languages spoken there with weights, share of the people).
COUNTRIES = {
    "JO": ("Asia/Amman", {"ar": 0.8, "en": 0.2}, 0.08),
    "SA": ("Asia/Riyadh", {"ar": 0.8, "en": 0.2}, 0.06),
    "EG": ("Africa/Cairo", {"ar": 0.8, "en": 0.2}, 0.09),
    "AE": ("Asia/Dubai", {"ar": 0.5, "en": 0.5}, 0.05),
    "LB": ("Asia/Beirut", {"ar": 0.6, "fr": 0.2, "en": 0.2}, 0.04),
    "IQ": ("Asia/Baghdad", {"ar": 0.8, "en": 0.2}, 0.04),
    "PS": ("Asia/Hebron", {"ar": 0.85, "en": 0.15}, 0.03),
    "MA": ("Africa/Casablanca", {"ar": 0.5, "fr": 0.4, "en": 0.1}, 0.05),
    "TN": ("Africa/Tunis", {"ar": 0.5, "fr": 0.4, "en": 0.1}, 0.04),
    "DZ": ("Africa/Algiers", {"ar": 0.5, "fr": 0.5}, 0.03),
    "KE": ("Africa/Nairobi", {"en": 0.6, "sw": 0.4}, 0.05),
    "TZ": ("Africa/Dar_es_Salaam", {"sw": 0.6, "en": 0.4}, 0.03),
    "NG": ("Africa/Lagos", {"en": 1.0}, 0.06),
    "SN": ("Africa/Dakar", {"fr": 0.9, "en": 0.1}, 0.03),
    "CI": ("Africa/Abidjan", {"fr": 0.9, "en": 0.1}, 0.02),
    "GB": ("Europe/London", {"en": 1.0}, 0.04),
    "PT": ("Europe/Lisbon", {"pt": 0.7, "en": 0.3}, 0.02),
    "FR": ("Europe/Paris", {"fr": 0.8, "en": 0.2}, 0.03),
    "ES": ("Europe/Madrid", {"es": 0.8, "en": 0.2}, 0.02),
    "TR": ("Europe/Istanbul", {"tr": 0.8, "en": 0.2}, 0.04),
    "US": ("America/New_York", {"en": 0.85, "es": 0.15}, 0.04),
    "BR": ("America/Sao_Paulo", {"pt": 0.9, "en": 0.1}, 0.03),
    "MX": ("America/Mexico_City", {"es": 0.9, "en": 0.1}, 0.02),
    "IN": ("Asia/Kolkata", {"en": 1.0}, 0.04),
    "PK": ("Asia/Karachi", {"en": 0.7, "ar": 0.3}, 0.03),
    "ID": ("Asia/Jakarta", {"id": 0.7, "en": 0.3}, 0.03),
}
LANGUAGES = ("ar", "en", "fr", "es", "pt", "sw", "tr", "id")


def _subsets(rng, n: int, names: list[str], low: int, high: int, p=None) -> list[frozenset]:
    """`n` random subsets of `names` with sizes in [low, high] (at most the items with weight),
    drawn without replacement with weights `p` (one row per person, or one for all)."""
    weights = np.ones(len(names)) if p is None else np.asarray(p, dtype=float)
    weights = np.broadcast_to(weights, (n, len(names)))
    size = np.minimum(rng.integers(low, high + 1, size=n), (weights > 0).sum(axis=1))
    # Gumbel top-k: weighted sampling without replacement for all rows at once.
    with np.errstate(divide="ignore"):
        keys = np.log(weights) - np.log(-np.log(rng.random((n, len(names)))))
    ranked = np.argsort(-keys, axis=1)
    pool: dict[tuple, frozenset] = {}
    out = []
    for row, k in zip(ranked.tolist(), size.tolist(), strict=True):
        key = tuple(sorted(row[:k]))
        if key not in pool:
            pool[key] = frozenset(names[i] for i in key)
        out.append(pool[key])
    return out


def _windows(rng, n: int) -> list[tuple]:
    count = rng.integers(1, 4, size=n)
    day = rng.integers(0, 7, size=(n, 3))
    start = rng.integers(7, 21, size=(n, 3)) * 60
    length = rng.integers(1, 4, size=(n, 3)) * 60
    end = np.minimum(start + length, 1440)
    return [
        tuple((int(day[i, w]), int(start[i, w]), int(end[i, w])) for w in range(count[i]))
        for i in range(n)
    ]


def generate(n_mentees: int, n_mentors: int, seed: int = 1):
    """Deterministic profiles: the same arguments give the same people."""
    from markaz.mentoring.scoring import MenteeNeeds, MentorProfile

    rng = np.random.default_rng(seed)
    areas = [f"area-{i}" for i in range(40)]
    sectors = [f"sector-{i}" for i in range(20)]
    sdgs = [f"sdg-{i}" for i in range(1, 18)]
    codes = list(COUNTRIES)
    share = np.asarray([COUNTRIES[c][2] for c in codes])
    orgs = [f"org-{i}" for i in range(max(1, n_mentees // 3))]
    popularity = 1 / np.arange(1, 41) ** 0.7  # some areas are asked for (and offered) more

    def people(n: int, mentor: bool):
        home = rng.choice(len(codes), size=n, p=share / share.sum())
        # One or two of the home country's languages; mentors also speak English more often.
        spoken = np.asarray([[COUNTRIES[c][1].get(x, 0) for x in LANGUAGES] for c in codes])
        langs = _subsets(rng, n, list(LANGUAGES), 1, 2, p=spoken[home])
        if mentor:
            english = frozenset({"en"})
            langs = [
                x | english if r < 0.6 else x for x, r in zip(langs, rng.random(n), strict=True)
            ]
        home = home.tolist()
        visited = _subsets(rng, n, codes, 0, 2 if mentor else 0, p=share)
        country = [frozenset({codes[h]}) | v for h, v in zip(home, visited, strict=True)]
        return (
            _subsets(rng, n, areas, *((2, 6) if mentor else (1, 3)), p=popularity),
            _subsets(rng, n, sectors, 1, 4 if mentor else 2),
            _subsets(rng, n, sdgs, 1, 5 if mentor else 3),
            langs,
            country,
            _windows(rng, n),
            [COUNTRIES[codes[h]][0] for h in home],
            rng.integers(0, len(orgs), size=n).tolist(),
            (rng.random(n) < (0.3 if mentor else 1.0)).tolist(),
            rng.integers(1, 6, size=n).tolist() if mentor else [1] * n,
        )

    def build(cls, prefix: str, n: int, mentor: bool):
        wanted_name = "expertise" if mentor else "areas"
        return [
            cls(
                id=f"{prefix}-{i:06d}", **{wanted_name: a}, sectors=s, sdgs=g, languages=lang,
                countries=c, availability=w, timezone=tz,
                affiliations=frozenset({orgs[o]}) if has else frozenset(), capacity=cap,
            )
            for i, (a, s, g, lang, c, w, tz, o, has, cap) in enumerate(
                zip(*people(n, mentor), strict=True)
            )
        ]  # fmt: skip

    return build(MenteeNeeds, "mentee", n_mentees, False), build(
        MentorProfile, "mentor", n_mentors, True
    )


# ---------------------------------------------------------------------------------------------
# Independent solvers, each run in a child process so a slow one can be stopped at its limit.

REFERENCE = (
    "scipy.sparse.csgraph.min_weight_full_bipartite_matching (LAPJVsp) on capacity-expanded "
    "mentor slots, plus one dummy slot per mentee"
)
PACKAGE = "matching (PyPI) HospitalResident, resident-optimal"


def _reference_child(path: str) -> dict:
    import scipy.sparse as sp
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    data = np.load(path)
    em, er, fit = data["em"], data["er"], data["fit"]
    cap_m, cap_r = data["cap_m"], data["cap_r"]
    start = time.perf_counter()
    # Rows: one per mentee place; columns: one per mentor place, then one dummy per row.
    cap_m = np.minimum(cap_m, np.bincount(em, minlength=len(cap_m)))
    cap_r = np.minimum(cap_r, np.bincount(er, minlength=len(cap_r)))
    first_row = np.r_[0, np.cumsum(cap_m)[:-1]]
    first_col = np.r_[0, np.cumsum(cap_r)[:-1]]
    rows_n, cols_n = int(cap_m.sum()), int(cap_r.sum())
    copies = cap_m[em] * cap_r[er]
    edge = np.repeat(np.arange(len(fit)), copies)
    k = np.arange(len(edge)) - np.repeat(np.cumsum(copies) - copies, copies)
    rows = first_row[em[edge]] + k // cap_r[er[edge]]
    cols = first_col[er[edge]] + k % cap_r[er[edge]]
    # Costs > 0; a dummy costs more than any change of total fit, so real pairs come first.
    top = max(float(fit.max(initial=0)), 0.0)
    spread = top - min(float(fit.min(initial=0)), 0.0)
    big = 1.0 + top
    dummy = big + 1.0 + rows_n * spread
    graph = sp.csr_matrix(
        (
            np.r_[big - fit[edge], np.full(rows_n, dummy)],
            (np.r_[rows, np.arange(rows_n)], np.r_[cols, cols_n + np.arange(rows_n)]),
        ),
        shape=(rows_n, cols_n + rows_n),
    )
    row_of, col_of = min_weight_full_bipartite_matching(graph)
    real = col_of < cols_n
    owner_m = np.repeat(np.arange(len(cap_m)), cap_m)
    owner_r = np.repeat(np.arange(len(cap_r)), cap_r)
    chosen = set(zip(owner_m[row_of[real]].tolist(), owner_r[col_of[real]].tolist(), strict=True))
    fits = {(a, b): f for a, b, f in zip(em.tolist(), er.tolist(), fit.tolist(), strict=True)}
    return {
        "seconds": time.perf_counter() - start,
        "matched": len(chosen),
        "total_fit": math.fsum(fits[p] for p in chosen),
        "distinct_pairs": len(chosen) == int(real.sum()),
    }


def _package_child(path: str) -> dict:
    import warnings

    from matching.games import HospitalResident

    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    out: dict = {}

    def work() -> None:
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            game = HospitalResident.create_from_dictionaries(
                data["residents"], data["hospitals"], data["capacities"]
            )
            solution = game.solve(optimal="resident")
        out["seconds"] = time.perf_counter() - start
        out["matching"] = {r.name: h.name for h, rs in solution.items() for r in rs}

    # The package deep-copies players that refer to each other: deep recursion, big stack.
    sys.setrecursionlimit(1_000_000)
    threading.stack_size(1 << 29)
    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    return out


def _in_child(kind: str, path: str, limit: float) -> dict | None:
    """Run `kind` in a child Python; None when it did not finish within `limit` seconds."""
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--child", kind, path],
            capture_output=True,
            text=True,
            timeout=limit,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None
    return json.loads(done.stdout)


# ---------------------------------------------------------------------------------------------

REFERENCE_DATE = dt.date(2025, 1, 6)  # a fixed week, so every run scores the same pairs


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_size(n: int, m: int, *, top_k: int, seed: int, reference_limit: float) -> dict:
    from markaz.mentoring.matching import solve
    from markaz.mentoring.matching_candidates import candidate_edges, to_instance

    _progress(f"{n} × {m}: generating profiles")
    t0 = time.perf_counter()
    mentees, mentors = generate(n, m, seed)
    t1, cpu1 = time.perf_counter(), time.process_time()
    _progress(f"{n} × {m}: candidate edges")
    cands = candidate_edges(mentees, mentors, top_k=top_k, reference_date=REFERENCE_DATE)
    t2 = time.perf_counter()
    _progress(f"{n} × {m}: solving {len(cands)} edges")
    instance = to_instance(mentees, mentors, cands)
    result = solve(instance)
    t3, cpu3 = time.perf_counter(), time.process_time()
    row = {
        "mentees": n,
        "mentors": m,
        "mentor_places": int(instance.mentor_capacity.sum()),
        "top_k": top_k,
        "edges": len(cands),
        "seconds_generate": round(t1 - t0, 3),
        "seconds_candidates": round(t2 - t1, 3),
        "seconds_solve": round(t3 - t2, 3),
        "seconds_end_to_end": round(t3 - t1, 3),
        "seconds_with_generation": round(t3 - t0, 3),
        # CPU seconds of all our threads: wall time far above CPU / cores means shared cores.
        "cpu_seconds_end_to_end": round(cpu3 - cpu1, 3),
        "matched": result.matched,
        "total_fit": round(result.total_fit, 6),
    }
    _progress(f"{n} × {m}: reference solver (limit {reference_limit:.0f} s)")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "edges.npz")
        np.savez(
            path, em=instance.edge_mentee, er=instance.edge_mentor, fit=instance.edge_fit,
            cap_m=instance.mentee_capacity, cap_r=instance.mentor_capacity,
        )  # fmt: skip
        ref = _in_child("reference", path, reference_limit)
    if ref is None:
        row["reference"] = {"solver": REFERENCE, "finished": False, "limit": reference_limit}
    else:
        # Our solver works on fits rounded to 1e-6: equal within half of that per pair.
        gap = abs(ref["total_fit"] - result.total_fit)
        row["reference"] = {
            "solver": REFERENCE,
            "seconds": round(ref["seconds"], 3),
            "matched": ref["matched"],
            "total_fit": round(ref["total_fit"], 6),
            "equal": ref["matched"] == result.matched and gap <= result.matched * 1e-6,
        }
    return row


def run_package(*, top_k: int, seed: int, limit: float, max_mentees: int) -> dict:
    """The `matching` package on growing markets until it needs more than `limit` seconds."""
    from markaz.mentoring.matching_candidates import candidate_edges
    from markaz.mentoring.stable import stable_match

    tried, largest = [], None
    n = 500
    while n <= max_mentees:
        m = n // 5
        mentees, mentors = generate(n, m, seed)
        cands = candidate_edges(mentees, mentors, top_k=top_k, reference_date=REFERENCE_DATE)
        mentee_prefs = {p.id: [] for p in mentees}
        mentor_rows: dict[str, list] = {p.id: [] for p in mentors}
        triples = zip(cands.mentee.tolist(), cands.mentor.tolist(), cands.fit.tolist(), strict=True)
        for i, j, f in triples:
            mentee_prefs[mentees[i].id].append(mentors[j].id)  # candidates are best first
            mentor_rows[mentors[j].id].append((-f, mentees[i].id))
        mentor_prefs = {r: [e for _, e in sorted(rows)] for r, rows in mentor_rows.items()}
        capacities = {p.id: p.capacity for p in mentors}
        start = time.perf_counter()
        ours = stable_match(mentee_prefs, mentor_prefs, capacities)
        ours_seconds = time.perf_counter() - start
        market = {
            "residents": {e: r for e, r in mentee_prefs.items() if r},
            "hospitals": {r: e for r, e in mentor_prefs.items() if e},
        }
        market["capacities"] = {r: capacities[r] for r in market["hospitals"]}
        _progress(f"matching package: {n} × {m} (limit {limit:.0f} s)")
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "market.json")
            with open(path, "w", encoding="utf-8") as fh:
                json.dump(market, fh)
            theirs = _in_child("package", path, limit)
        if theirs is None:
            tried.append({"mentees": n, "mentors": m, "finished": False})
            break
        largest = {
            "mentees": n,
            "mentors": m,
            "seconds": round(theirs["seconds"], 3),
            "ours_seconds": round(ours_seconds, 3),
            "same_matching": theirs["matching"] == ours,
        }
        tried.append(largest)
        if theirs["seconds"] > limit / 4:  # the next size (about 4× the work) would not fit
            break
        n *= 2
    return {"solver": PACKAGE, "limit_seconds": limit, "largest": largest, "tried": tried}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="markaz bench match")
    parser.add_argument("--quick", action="store_true", help="only 10,000 × 2,000")
    parser.add_argument("--top-k", type=int, default=20, help="candidate mentors per mentee")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, path = args.child
        print(json.dumps((_reference_child if kind == "reference" else _package_child)(path)))
        return

    load_before = os.getloadavg()
    sizes = [(10_000, 2_000, 2.0)] + ([] if args.quick else [(100_000, 20_000, 30.0)])
    rows = []
    for n, m, target in sizes:
        row = run_size(n, m, top_k=args.top_k, seed=args.seed, reference_limit=900)
        row["target_seconds"] = target
        row["within_target"] = row["seconds_end_to_end"] <= target
        rows.append(row)
    package = run_package(
        top_k=args.top_k,
        seed=args.seed,
        limit=10.0 if args.quick else 60.0,
        max_mentees=4_000 if args.quick else 100_000,
    )
    print(
        json.dumps(
            {
                "benchmark": "match",
                "cores": os.cpu_count(),
                "load_average_before": [round(x, 2) for x in load_before],
                "load_average_after": [round(x, 2) for x in os.getloadavg()],
                "sizes": rows,
                "stable_package": package,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
