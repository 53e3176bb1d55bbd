"""The best `top_k` allowed mentors of every mentee, without scoring pairs one by one.

Every component of `scoring` is linear in the mentor's features once the mentee is fixed, so
the weighted totals of a block of mentees against all mentors are one matrix product:

- a set component gives a column per item mentors offer: `weight / |mentee set|` on the
  mentee's items, 1 on the mentor's;
- the time-zone component gives a column per segment of the UTC week between consecutive
  start or end minutes of the block's mentees: `weight / mentee minutes` where the mentee is
  available, and on the mentor side the minutes of that segment the mentor is available
  (read off each mentor's cumulative availability, computed once). The product is the exact
  overlap share.

Mentees are processed in blocks of one time zone (so few distinct segments), sorted by
language set; two blocks run at once, since numpy releases the GIL in the heavy steps. Each
block is one dense float32 BLAS product, laid out mentors × mentees. Pairs that are not
allowed come out of the same product: one extra column per language set of the block, with
−FORBIDDEN on the mentee's set and 1 on the mentors who may not take it (no shared language,
or no capacity); the few excluded or conflicted pairs are set directly. When a block's
languages rule out enough mentors, those are left out of its product altogether.

The top k of each mentee is found without sorting: the maxima of 32-mentor blocks give a
threshold (the k-th largest block maximum is ≤ the k-th largest score), and only entries
reaching it are sorted. Ranking is in float32, so pairs whose fits differ by less than about
1e-6 may be ranked either way; the fits returned are recomputed in float64 and agree with
`score_pair` to rounding. Ties go to the lower mentor index.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import os
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from markaz.mentoring.matching import Instance
from markaz.mentoring.matching_time import reference_monday, utc_weeks
from markaz.mentoring.scoring import MenteeNeeds, MentorProfile, Weights

BLOCK = 32  # mentors per block for the top-k threshold
THREADS = min(4, os.cpu_count() or 1)  # blocks in flight; each holds its own score matrix
FORBIDDEN = 1e4  # subtracted from the score of a pair that is not allowed
ELEMENTS_PER_CHUNK = 1 << 25  # float32 scores held at once (128 MB)
MIN_ROWS = 256  # smaller groups of mentees share a block

_SET_COMPONENTS = (
    ("expertise", "areas", "expertise"),
    ("sector", "sectors", "sectors"),
    ("sdg", "sdgs", "sdgs"),
    ("language", "languages", "languages"),
    ("country", "countries", "countries"),
)


@dataclass(frozen=True, eq=False)
class Candidates:
    """Allowed pairs as parallel arrays of indices into the given mentees and mentors.

    Sorted by mentee, then best fit first, then mentor index.
    """

    mentee: np.ndarray
    mentor: np.ndarray
    fit: np.ndarray

    def __len__(self) -> int:
        return len(self.fit)


def _distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (sorting beats numpy's hash-based `unique` on these sizes)."""
    values = np.sort(values, kind="stable")
    return values[np.r_[True, values[1:] != values[:-1]]] if len(values) else values


def _ragged_arange(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Concatenation of `range(s, s + c)` for each start and count."""
    ends = np.cumsum(counts)
    return np.arange(ends[-1] if len(ends) else 0) + np.repeat(starts - ends + counts, counts)


def _codes(sets: Sequence[frozenset[str]], vocab: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """Owner row and vocabulary code (−1 when unknown) of every item of every set."""
    sizes = np.fromiter(map(len, sets), dtype=np.int64, count=len(sets))
    items = chain.from_iterable(sets)
    codes = np.fromiter(map(vocab.get, items, repeat(-1)), dtype=np.int64, count=int(sizes.sum()))
    return np.repeat(np.arange(len(sets)), sizes), codes


def _set_columns(
    wanted: Sequence[frozenset[str]], offered: Sequence[frozenset[str]], weight: float
) -> tuple[sp.csr_matrix, np.ndarray]:
    """Weighted mentee rows (sparse) and 0/1 mentor rows (dense) over the mentors' items."""
    vocab = {item: i for i, item in enumerate(dict.fromkeys(chain.from_iterable(offered)))}
    mentor = np.zeros((len(offered), len(vocab)), dtype=np.float32)
    rows, codes = _codes(offered, vocab)
    mentor[rows, codes] = 1.0
    rows, codes = _codes(wanted, vocab)
    sizes = np.bincount(rows, minlength=len(wanted))
    known = codes >= 0
    mentee = sp.csr_matrix(
        (weight / sizes[rows[known]], (rows[known], codes[known])),
        shape=(len(wanted), len(vocab)),
    )
    return mentee, mentor


def _cumulative(
    people: int, owner: np.ndarray, start: np.ndarray, end: np.ndarray, points: np.ndarray
) -> np.ndarray:
    """Minutes each person is available before each point: float32, people × points.

    For disjoint intervals (a, b): Σ max(0, min(t, b) − a) = t·(#a<t − #b<t) − (Σa − Σb)
    over the starts and ends before t, which cumulative sums give for all points at once.
    """
    count = np.zeros((people, len(points) + 1), dtype=np.float64)
    total = np.zeros_like(count)
    for value, sign in ((start, 1.0), (end, -1.0)):
        idx = np.searchsorted(points, value, side="right")  # first point strictly after
        np.add.at(count, (owner, idx), sign)
        np.add.at(total, (owner, idx), sign * value)
    count = np.cumsum(count, axis=1)[:, :-1]
    total = np.cumsum(total, axis=1)[:, :-1]
    return (points * count - total).astype(np.float32)


def _blocked(
    mentees: Sequence[MenteeNeeds],
    mentors: Sequence[MentorProfile],
    excluded: Collection[tuple[str, str]],
) -> sp.csr_matrix:
    """Mentee × mentor matrix, non-zero where staff excluded the pair or affiliations clash."""
    aff_m, aff_r = _set_columns(
        [p.affiliations for p in mentees], [p.affiliations for p in mentors], 1.0
    )
    clash = (aff_m @ sp.csr_matrix(aff_r).T).tocoo()
    rows, cols = clash.row.tolist(), clash.col.tolist()
    if excluded:
        mi = {p.id: i for i, p in enumerate(mentees)}
        ri = {p.id: j for j, p in enumerate(mentors)}
        for a, b in excluded:
            if a in mi and b in ri:
                rows.append(mi[a])
                cols.append(ri[b])
    return sp.csr_matrix(
        (np.ones(len(rows), np.int8), (rows, cols)), shape=(len(mentees), len(mentors))
    )


class _Speakers:
    """Which mentors speak at least one language of a language set."""

    def __init__(self, mentors: Sequence[MentorProfile]) -> None:
        self.vocab: dict[str, int] = {}
        for p in mentors:
            for lang in p.languages:
                self.vocab.setdefault(lang, len(self.vocab))
        self.matrix = np.zeros((len(self.vocab), len(mentors)), dtype=bool)
        for j, p in enumerate(mentors):
            self.matrix[[self.vocab[x] for x in p.languages], j] = True
        self._cache: dict[tuple[str, ...], np.ndarray] = {}

    def of(self, key: tuple[str, ...]) -> np.ndarray:
        if key not in self._cache:
            rows = [self.vocab[x] for x in key if x in self.vocab]
            self._cache[key] = self.matrix[rows].any(axis=0)
        return self._cache[key]


@dataclass(eq=False)
class _Encoded:
    """Everything the blocks need, computed once. Mentor-side arrays are features × mentors,
    with the mentor count padded to a multiple of BLOCK by zero columns."""

    sets_mentee: sp.csr_matrix  # mentees × set features, weighted
    sets_mentor: np.ndarray  # set features × mentors, 0/1
    time_owner: np.ndarray  # mentee intervals: owner, start point index, end point index
    time_start: np.ndarray
    time_end: np.ndarray
    time_weight: np.ndarray  # per mentee: weight / available minutes (0 when none)
    mentor_cum: np.ndarray  # points × mentors: available minutes before each point
    lang_keys: np.ndarray  # per mentee: id of its language set
    lang_sets: list[tuple[str, ...]]  # language set of each id
    allowed: list[np.ndarray]  # per language-set id: mentors allowed (speak it, capacity > 0)
    blocked: sp.csr_matrix
    mentors: int


def _encode(
    mentees: Sequence[MenteeNeeds],
    mentors: Sequence[MentorProfile],
    norm: dict[str, float],
    monday: dt.date,
    excluded: Collection[tuple[str, str]],
) -> _Encoded:
    m = len(mentors)
    width = (m // BLOCK + 1) * BLOCK  # at least one padding column, at index m
    blocks_m, blocks_r = [], []
    for name, mentee_attr, mentor_attr in _SET_COMPONENTS:
        if norm[name] > 0:
            xm, xr = _set_columns(
                [getattr(p, mentee_attr) for p in mentees],
                [getattr(p, mentor_attr) for p in mentors],
                norm[name],
            )
            blocks_m.append(xm)
            blocks_r.append(xr)
    sets_mentee = (
        sp.hstack(blocks_m, format="csr") if blocks_m else sp.csr_matrix((len(mentees), 0))
    )
    sets_mentor = np.zeros((sets_mentee.shape[1], width), dtype=np.float32)
    if blocks_r:
        sets_mentor[:, :m] = np.hstack(blocks_r).T

    if norm["timezone"] > 0:
        owner, start, end = utc_weeks(
            [p.availability for p in mentees], [p.timezone for p in mentees], monday
        )
    else:
        owner = start = end = np.zeros(0, dtype=np.int64)
    points = _distinct(np.concatenate([start, end]))
    minutes = np.bincount(owner, weights=end - start, minlength=len(mentees))
    weight = np.divide(norm["timezone"], minutes, out=np.zeros(len(mentees)), where=minutes > 0)
    mentor_cum = np.zeros((len(points), width), dtype=np.float32)
    if len(points):
        weeks = utc_weeks([p.availability for p in mentors], [p.timezone for p in mentors], monday)
        mentor_cum[:, :m] = _cumulative(m, *weeks, points).T

    speakers = _Speakers(mentors)
    capable = np.zeros(width, dtype=bool)
    capable[:m] = [p.capacity > 0 for p in mentors]
    key_ids: dict[tuple[str, ...], int] = {}
    lang_keys = np.asarray(
        [key_ids.setdefault(tuple(sorted(p.languages)), len(key_ids)) for p in mentees],
        dtype=np.int64,
    )
    return _Encoded(
        sets_mentee=sets_mentee,
        sets_mentor=sets_mentor,
        time_owner=owner,
        time_start=np.searchsorted(points, start),
        time_end=np.searchsorted(points, end),
        time_weight=weight,
        mentor_cum=mentor_cum,
        lang_keys=lang_keys,
        lang_sets=list(key_ids),
        allowed=[np.r_[speakers.of(key), np.zeros(width - m, bool)] & capable for key in key_ids],
        blocked=_blocked(mentees, mentors, excluded),
        mentors=m,
    )


def candidate_edges(
    mentees: Sequence[MenteeNeeds],
    mentors: Sequence[MentorProfile],
    weights: Weights | None = None,
    *,
    top_k: int = 20,
    excluded: Collection[tuple[str, str]] = frozenset(),
    reference_date: dt.date | None = None,
) -> Candidates:
    """The `top_k` allowed mentors of each mentee by fit, as index arrays (see module doc)."""
    if top_k < 1:
        raise ValueError("top_k must be at least 1")
    norm = (weights or Weights()).normalized()
    enc = _encode(mentees, mentors, norm, reference_monday(reference_date), excluded)
    chunks = _blocks(mentees, enc, max(BLOCK, ELEMENTS_PER_CHUNK // max(len(mentors), 1)))
    # One block per core at a time: numpy releases the GIL in the heavy steps, so while one
    # block is in BLAS another's single-threaded top-k runs on another core.
    one_blas_thread = _blas_threads_setter()

    def work(chunk: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if one_blas_thread is not None:
            one_blas_thread(1)  # this worker thread only: the workers already fill the cores
        return _chunk_top_k(enc, chunk, top_k)

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        found = list(pool.map(work, chunks))
    if not found or not sum(len(f[0]) for f in found):
        empty = np.zeros(0, dtype=np.int64)
        return Candidates(empty, empty.copy(), np.zeros(0, dtype=np.float64))
    em, er, fit = (np.concatenate(parts) for parts in zip(*found, strict=True))
    final = np.argsort(em, kind="stable")  # each block is already in the final order
    return Candidates(em[final], er[final], fit[final])


def _blocks(mentees: Sequence[MenteeNeeds], enc: _Encoded, rows_per_chunk: int) -> list[np.ndarray]:
    """Mentee blocks of one time zone (fewer distinct segments, so fewer columns) and one
    language set (its mentors only); small groups of a time zone share a block."""
    groups: dict[tuple[str, int], list[int]] = {}
    for i, p in enumerate(mentees):
        if p.capacity > 0:
            groups.setdefault((p.timezone, int(enc.lang_keys[i])), []).append(i)
    chunks, pending = [], []
    for key in sorted(groups, key=lambda g: (g[0], enc.lang_sets[g[1]])):
        rows = groups[key]
        if len(rows) < MIN_ROWS:
            if pending and mentees[pending[-1]].timezone != key[0]:
                chunks.append(np.asarray(pending, dtype=np.int64))
                pending = []
            pending.extend(rows)
            continue
        pieces = -(-len(rows) // rows_per_chunk)
        chunks.extend(np.array_split(np.asarray(rows, dtype=np.int64), pieces))
    if pending:
        chunks.append(np.asarray(pending, dtype=np.int64))
    return chunks


@lru_cache(maxsize=1)
def _blas_threads_setter() -> Callable[[int], int] | None:
    """OpenBLAS's per-thread thread count (≥ 0.3.27) in numpy's bundled library, if any.

    Each worker then runs its products on one core instead of every worker asking OpenBLAS
    for all cores; on two cores that cut the candidate time by about a quarter.
    """
    libs = Path(np.__file__).resolve().parent.parent / "numpy.libs"
    for path in sorted(libs.glob("libscipy_openblas*.so*")):
        try:
            setter = ctypes.CDLL(str(path)).openblas_set_num_threads_local
        except (OSError, AttributeError):
            continue
        setter.argtypes, setter.restype = [ctypes.c_int], ctypes.c_int
        return setter
    return None


def _time_columns(enc: _Encoded, chunk: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The block's time columns: mentee side (block × segments) and mentor side (segments ×
    mentors: the minutes of each segment each mentor is available)."""
    position = np.full(len(enc.time_weight), -1, dtype=np.int64)
    position[chunk] = np.arange(len(chunk))
    mine = position[enc.time_owner] >= 0
    owner = position[enc.time_owner[mine]]
    start, end = enc.time_start[mine], enc.time_end[mine]
    cuts = _distinct(np.concatenate([start, end]))  # the block's own segment boundaries
    first, last = np.searchsorted(cuts, start), np.searchsorted(cuts, end)
    counts = last - first
    segment = _ragged_arange(first, counts)
    row = np.repeat(owner, counts)
    used = _distinct(segment)  # drop gaps no mentee of the block covers
    left = np.zeros((len(chunk), len(used)), dtype=np.float64)
    left[row, np.searchsorted(used, segment)] = enc.time_weight[chunk][row]
    if not len(used):
        return left, np.zeros((0, enc.mentor_cum.shape[1]), dtype=np.float32)
    return left, enc.mentor_cum[cuts[used + 1]] - enc.mentor_cum[cuts[used]]


def _chunk_top_k(
    enc: _Encoded, chunk: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    sub = enc.sets_mentee[chunk]
    features = _distinct(sub.indices)
    time_left, time_right = _time_columns(enc, chunk)
    # Not-allowed pairs come out of the same product: one column per language set of the
    # block, −FORBIDDEN on the mentee's own set, 1 on mentors who may not mentor that set.
    chunk_keys = enc.lang_keys[chunk]
    keys = _distinct(chunk_keys)
    mask_left = np.zeros((len(chunk), len(keys)))
    mask_left[np.arange(len(chunk)), np.searchsorted(keys, chunk_keys)] = -FORBIDDEN
    allowed = np.stack([enc.allowed[key] for key in keys.tolist()])

    left = np.hstack([sub[:, features].toarray(), time_left])
    right = np.vstack([enc.sets_mentor[features], time_right, (~allowed).astype(np.float32)])
    # Leave out mentors no mentee of the block may have, when that saves enough work.
    cols = np.flatnonzero(allowed.any(axis=0))
    if not len(cols):
        nothing = np.zeros(0, dtype=np.int64)
        return nothing, nothing, np.zeros(0)
    if len(cols) < 0.95 * enc.mentors:
        cols = np.r_[cols, np.full(-len(cols) % BLOCK, enc.mentors)]
        right = right[:, cols]
    else:
        cols = np.arange(right.shape[1])
    # Mentors × mentees, so that per-mentee reductions run along the contiguous axis.
    scores = right.T @ np.hstack([left, mask_left]).T.astype(np.float32)
    clash = enc.blocked[chunk].tocoo()
    if clash.nnz:
        where = np.searchsorted(cols, clash.col)
        hit = (where < len(cols)) & (cols[np.minimum(where, len(cols) - 1)] == clash.col)
        scores[where[hit], clash.row[hit]] = -FORBIDDEN

    mentee_pos, mentor_pos = _top_k(scores, k)
    fit = _exact(left, right, mentee_pos, mentor_pos)
    mentee, mentor = chunk[mentee_pos], cols[mentor_pos]
    order = np.lexsort((mentor, -fit, mentee))
    return mentee[order], mentor[order], fit[order]


def _exact(
    left: np.ndarray, right: np.ndarray, mentee_pos: np.ndarray, mentor_pos: np.ndarray
) -> np.ndarray:
    """Float64 fits of the picked pairs from the mentee's non-zeros only.

    `right` (features × mentors) holds 0/1 and whole minutes, so its float32 values are exact.
    """
    sparse = sp.csr_matrix(left)
    counts = np.diff(sparse.indptr)[mentee_pos]
    pos = _ragged_arange(sparse.indptr[mentee_pos], counts)
    pair = np.repeat(np.arange(len(mentee_pos)), counts)
    flat = sparse.indices[pos] * right.shape[1] + mentor_pos[pair]
    values = sparse.data[pos] * right.ravel().take(flat)
    return np.bincount(pair, weights=values, minlength=len(mentee_pos))


def _top_k(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(column, row) of the k best allowed entries of every column, ties to the lower row.

    `scores` is mentors × mentees, padded to a multiple of BLOCK mentors, so the block maxima
    are a reduction over a middle axis, which numpy vectorises well.
    """
    width, c = scores.shape
    nb = width // BLOCK
    blocks = scores.reshape(nb, BLOCK, c)
    if nb > k:
        best = blocks.max(axis=1)
        threshold = np.partition(best.T, nb - k, axis=1)[:, nb - k]
    else:
        best, threshold = None, np.zeros(c, dtype=scores.dtype)
    # Allowed pairs score in [0, 1]; forbidden ones about −FORBIDDEN.
    threshold = np.maximum(threshold, np.float32(-1))
    if best is not None and nb >= 8 * k:
        # Few blocks reach the threshold: gather just those instead of scanning everything.
        bb, cb = np.nonzero(best >= threshold)
        vals = blocks[bb, :, cb]
        hit, offset = np.nonzero(vals >= threshold[cb, None])
        rows, cols = bb[hit] * BLOCK + offset, cb[hit]
        vals = vals[hit, offset] + np.float32(0)  # no −0.0
    else:
        flat = np.flatnonzero(scores >= threshold)
        rows, cols = np.divmod(flat, c)
        vals = scores.ravel()[flat] + np.float32(0)
    # One stable sort on (column, descending score); rows are ascending within each column.
    bits = vals.view(np.uint32).astype(np.uint64)
    ascending = np.where(bits >> 31, bits ^ 0xFFFFFFFF, bits | 0x80000000)
    order = np.argsort((cols.astype(np.uint64) << 32) | (0xFFFFFFFF - ascending), kind="stable")
    cols, rows = cols[order], rows[order]
    keep = np.arange(len(cols)) - np.searchsorted(cols, cols, side="left") < k
    return cols[keep], rows[keep]


def to_instance(
    mentees: Sequence[MenteeNeeds], mentors: Sequence[MentorProfile], candidates: Candidates
) -> Instance:
    """The matching instance over these people and candidate edges."""
    return Instance(
        mentee_ids=tuple(p.id for p in mentees),
        mentee_capacity=[p.capacity for p in mentees],
        mentor_ids=tuple(p.id for p in mentors),
        mentor_capacity=[p.capacity for p in mentors],
        edge_mentee=candidates.mentee,
        edge_mentor=candidates.mentor,
        edge_fit=candidates.fit,
    )
