"""Reads that summarize a round for staff: the progress board and the ranking."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from markaz.programs import scoring
from markaz.review.models import Assignment, AssignmentStatus, Round

LIVE = (AssignmentStatus.ASSIGNED, AssignmentStatus.SUBMITTED)


@dataclass
class ReviewerProgress:
    reviewer: object
    assigned: int = 0
    submitted: int = 0
    recused: int = 0
    late: int = 0

    @property
    def completion(self) -> int:
        return round(100 * self.submitted / self.assigned) if self.assigned else 0


@dataclass
class Progress:
    round: Round
    reviewers: list[ReviewerProgress]
    unassigned: list  # (application, live reviewers) short of the round's N
    applications: int
    assigned: int
    submitted: int
    late: int
    overdue: bool

    @property
    def completion(self) -> int:
        return round(100 * self.submitted / self.assigned) if self.assigned else 0


def progress(round_: Round) -> Progress:
    """Who is late, what is unassigned, completion per reviewer. A fixed number of queries."""
    today = timezone.localdate()
    overdue = round_.due_on is not None and round_.due_on < today
    by_reviewer: dict[int, ReviewerProgress] = {}
    for member in round_.pool.select_related("reviewer", "reviewer__person"):
        by_reviewer[member.reviewer_id] = ReviewerProgress(member.reviewer)
    live_per_app: dict[int, int] = defaultdict(int)
    rows = Assignment.objects.filter(round=round_).select_related("reviewer", "reviewer__person")
    for a in rows:
        item = by_reviewer.get(a.reviewer_id)
        if item is None:
            item = by_reviewer[a.reviewer_id] = ReviewerProgress(a.reviewer)
        if a.status == AssignmentStatus.RECUSED:
            item.recused += 1
            continue
        item.assigned += 1
        live_per_app[a.application_id] += 1
        if a.status == AssignmentStatus.SUBMITTED:
            item.submitted += 1
        elif overdue:
            item.late += 1
    entries = round_.entries.select_related("application", "application__venture")
    short = [
        (e.application, live_per_app.get(e.application_id, 0))
        for e in entries
        if e.application.status != "withdrawn"
        and live_per_app.get(e.application_id, 0) < round_.reviewers_per_application
    ]
    reviewers = sorted(by_reviewer.values(), key=lambda r: (-r.late, r.completion, str(r.reviewer)))
    return Progress(
        round=round_,
        reviewers=reviewers,
        unassigned=short,
        applications=len(entries),
        assigned=sum(r.assigned for r in reviewers),
        submitted=sum(r.submitted for r in reviewers),
        late=sum(r.late for r in reviewers),
        overdue=overdue,
    )


@dataclass
class RankedApplication:
    application_id: int
    application: object
    score: float | None
    reviews: int
    std: float
    spread: float
    disagreement: bool
    rank: int | None
    tied: bool
    advanced: bool
    totals: tuple[float, ...] = field(default=())
    criteria: dict[int, float] = field(default_factory=dict)  # criterion id -> mean score


@dataclass
class Ranking:
    round: Round
    normalized: bool
    rows: list[RankedApplication]
    criteria: list

    @property
    def ties(self) -> int:
        return sum(1 for r in self.rows if r.tied)

    @property
    def disagreements(self) -> int:
        return sum(1 for r in self.rows if r.disagreement)


def rubric_of(round_: Round) -> tuple[scoring.Rubric, list]:
    criteria = list(round_.rubric.criteria.order_by("position", "id"))
    rubric = scoring.Rubric(
        criteria=tuple(
            scoring.Criterion(key=str(c.pk), weight=float(c.weight), label=c.name) for c in criteria
        ),
        low=float(round_.rubric.scale_min),
        high=float(round_.rubric.scale_max),
    )
    return rubric, criteria


def submitted_reviews(round_: Round) -> list[tuple[Assignment, dict[str, int]]]:
    assignments = list(
        Assignment.objects.filter(round=round_, status=AssignmentStatus.SUBMITTED)
        .prefetch_related("scores")
        .order_by("application_id", "id")
    )
    return [(a, {str(s.criterion_id): s.value for s in a.scores.all()}) for a in assignments]


def ranking(round_: Round, normalize: bool | None = None) -> Ranking:
    """Weighted totals per application (mean over reviewers), optional z-score calibration per
    reviewer, disagreement flags and dense ranks where ties are visible."""
    normalize = round_.normalize if normalize is None else normalize
    rubric, criteria = rubric_of(round_)
    reviews, per_criterion = [], defaultdict(lambda: defaultdict(list))
    for a, scores in submitted_reviews(round_):
        if len(scores) != len(criteria):
            continue  # the rubric changed under it; such a review cannot be totalled
        reviews.append(scoring.Review(a.reviewer_id, a.application_id, scores))
        for key, value in scores.items():
            per_criterion[a.application_id][int(key)].append(value)
    entries = {
        e.application_id: e
        for e in round_.entries.select_related("application", "application__venture")
    }
    scored = scoring.score_applications(
        rubric, reviews, normalize=normalize, applications=list(entries)
    )
    rows = []
    for s in scored:
        entry = entries.get(s.application)
        if entry is None:
            continue
        rows.append(
            RankedApplication(
                application_id=s.application,
                application=entry.application,
                score=s.score,
                reviews=s.reviews,
                std=s.std,
                spread=s.spread,
                disagreement=s.disagreement,
                rank=s.rank,
                tied=s.tied,
                advanced=entry.advanced,
                totals=s.totals,
                criteria={k: sum(v) / len(v) for k, v in per_criterion[s.application].items()},
            )
        )
    return Ranking(round=round_, normalized=normalize, rows=rows, criteria=criteria)
