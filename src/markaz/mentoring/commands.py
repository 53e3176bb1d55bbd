"""`markaz match solve`: the matching engine on a JSON instance, without Django."""

from __future__ import annotations

import argparse
import json
import sys

FORMAT = """\
INSTANCE.json (use - to read standard input):
  {"mentees": [{"id": "m1", "capacity": 1}, ...],   capacity optional, default 1
   "mentors": [{"id": "r1", "capacity": 3}, ...],   capacity required
   "edges":   [["m1", "r1", 0.82], ...],            allowed pairs and their fit
   "locked":   [["m1", "r1"], ...],                 optional: pairs forced in (must be edges)
   "excluded": [["m2", "r1"], ...]}                 optional: pairs never chosen
  A pair without an edge is never matched. A fit is any finite number; for the solver it is
  rounded to 6 decimals. Capacities are non-negative integers; ids are unique per side.

Output (stdout, or the file given with -o):
  {"pairs": [["m1", "r1"], ...], "matched": N, "total_fit": X}
  As many pairs as possible first, then the largest total fit; pairs sorted by id.

--stable: instead of the optimum, the mentee-optimal stable matching (mentees propose,
  deferred acceptance with mentor capacities). The instance may then also carry
   "mentee_prefs": {"m1": ["r2", "r1"], ...}       acceptable mentors, best first
   "mentor_prefs": {"r1": ["m1", "m3"], ...}       acceptable mentees, best first
  A pair can be matched only when each lists the other. Someone missing from a given
  preferences object accepts nobody. When "edges" is given, every listed pair must be an
  edge, and a preferences object left out is derived from the edges: higher fit first,
  ties by id; without "edges" both preferences objects are required and total_fit is 0.
  Mentee capacities must be 1; "locked" is not supported, "excluded" removes pairs.
  No pair outside the matching would rather be together (no blocking pair).

A bad instance prints a one-line error on stderr and exits with status 2.
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser("match", help="mentor–mentee matching engine")
    actions = parser.add_subparsers(dest="match_command", metavar="ACTION", required=True)
    solve = actions.add_parser(
        "solve",
        help="solve a matching instance given as JSON",
        description="Assign mentees to mentors: most pairs first, then the largest total fit.",
        epilog=FORMAT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    solve.add_argument("instance", metavar="INSTANCE.json", help="the instance file, or -")
    solve.add_argument(
        "--stable", action="store_true", help="mentee-optimal stable matching (see below)"
    )
    solve.add_argument("-o", "--output", metavar="OUT", help="write the result JSON to OUT")
    solve.set_defaults(func=cmd_match_solve)


def _fail(message: str) -> None:
    print(f"markaz match solve: error: {' '.join(message.split())}", file=sys.stderr)
    raise SystemExit(2)


def cmd_match_solve(args) -> None:
    from markaz.mentoring.matching import InstanceError
    from markaz.mentoring.matching_io import solve_text

    try:
        if args.instance == "-":
            text = sys.stdin.read()
        else:
            with open(args.instance, encoding="utf-8") as fh:
                text = fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"cannot read {args.instance}: {getattr(exc, 'strerror', None) or exc}")
    try:
        result = solve_text(text, stable=args.stable)
    except InstanceError as exc:
        _fail(str(exc))
    output = json.dumps(result.as_dict(), ensure_ascii=False)
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as fh:
                fh.write(output + "\n")
        except OSError as exc:
            _fail(f"cannot write {args.output}: {exc.strerror}")
    else:
        print(output)
