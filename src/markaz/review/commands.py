"""`markaz review-assign --center SLUG --round ID --as USERNAME`: solve a round's reviewer
assignment from the command line (the same service as the page, audited as that staff user)
and print the solver's report; exits 1 when some application stays short of reviewers."""

from __future__ import annotations

import sys


def cmd_assign(args) -> None:
    from markaz.cli import setup_django

    setup_django()
    from django.contrib.auth import get_user_model
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.http import Http404

    from markaz.core.access import get_center_for, scope_for
    from markaz.review import selectors, services

    user = get_user_model().objects.filter(username=args.actor).first()
    if user is None:
        sys.exit(f"markaz review-assign: no user {args.actor!r}")
    scope = scope_for(user)
    try:
        center = get_center_for(scope, args.center)
        round_ = selectors.managed_round(scope, center, args.round)
        outcome = services.assign_reviewers(scope=scope, round=round_)
    except (Http404, PermissionDenied):
        sys.exit(f"markaz review-assign: {args.actor} runs no round {args.round} in {args.center}")
    except ValidationError as exc:
        sys.exit("markaz review-assign: " + " ".join(exc.messages))
    print(f"{outcome.created} new assignments", file=sys.stderr)
    print(outcome.report)
    if not outcome.complete:
        sys.exit(1)


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "review-assign", help="assign reviewers to a review round (min-cost flow) and report"
    )
    p.add_argument("--center", required=True, help="center slug")
    p.add_argument("--round", required=True, type=int, help="review round id")
    p.add_argument("--as", dest="actor", required=True, help="username of a staff member")
    p.set_defaults(func=cmd_assign)
