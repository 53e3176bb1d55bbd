"""Writes of review: one transaction, one permission check and one audit entry each. Split by
what is written:

- `setup`: rubrics and rounds (created and edited), reviewer pools, round status;
- `assigning`: assignment through the min-cost-flow engine, recusal, declared conflicts;
- `reviews`: scores and comments, the shortlist to the next round.

Callers import this package (`from markaz.review import services`); the names below are its API.
"""

from markaz.review.services._base import LIVE, REVIEWABLE
from markaz.review.services.assigning import (
    AssignmentOutcome,
    assign_reviewers,
    declare_relationship,
    recuse,
)
from markaz.review.services.reviews import (
    advance_shortlist,
    next_round,
    retract_shortlist,
    submit_review,
)
from markaz.review.services.setup import (
    add_reviewer,
    create_round,
    create_rubric,
    is_first_round,
    remove_reviewer,
    round_is_scored,
    rubric_is_scored,
    set_round_status,
    update_round,
    update_rubric,
)

__all__ = [
    "LIVE",
    "REVIEWABLE",
    "AssignmentOutcome",
    "add_reviewer",
    "advance_shortlist",
    "assign_reviewers",
    "create_round",
    "create_rubric",
    "declare_relationship",
    "is_first_round",
    "next_round",
    "recuse",
    "remove_reviewer",
    "retract_shortlist",
    "round_is_scored",
    "rubric_is_scored",
    "set_round_status",
    "submit_review",
    "update_round",
    "update_rubric",
]
