"""`markaz export 360giving|iati --center SLUG -o FILE`: a center's open data, validated.

`markaz ledger-checkpoint`: record every fund's balance so far (schedule it, e.g. nightly), so
fund and funder balances only sum the entries posted since.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def cmd_export(args) -> None:
    from markaz.cli import setup_django

    setup_django()
    from django.http import Http404

    from markaz.funding import opendata
    from markaz.funding.selectors import public_center

    try:
        center = public_center(args.center)
    except Http404:
        sys.exit(f"markaz export: no center {args.center!r}")
    if args.standard == "360giving":
        package = opendata.build_360giving(center)
        errors = opendata.giving_errors(package)
        content = json.dumps(package, ensure_ascii=False, indent=1).encode()
    else:
        content = opendata.build_iati(center)
        errors = opendata.iati_errors(content)
    if errors:
        sys.exit("markaz export: the export does not validate:\n" + "\n".join(errors[:20]))
    if args.output == "-":
        sys.stdout.buffer.write(content)
    else:
        Path(args.output).write_bytes(content)
        print(f"{args.standard}: {len(content)} bytes written to {args.output}", file=sys.stderr)


def cmd_checkpoint(args) -> None:
    from markaz.cli import setup_django

    setup_django()
    from markaz.funding.ledger import take_checkpoint

    batch = take_checkpoint()
    print(f"checkpoint up to entry {batch.up_to_id}" if batch else "nothing new since the last")


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "export", help="export a center's publishable awards as open data (validated)"
    )
    p.add_argument("standard", choices=["360giving", "iati"])
    p.add_argument("--center", required=True, help="center slug")
    p.add_argument("-o", "--output", default="-", help="file to write (default: stdout)")
    p.set_defaults(func=cmd_export)

    p = subparsers.add_parser(
        "ledger-checkpoint", help="record fund balances so far (keeps balance queries fast)"
    )
    p.set_defaults(func=cmd_checkpoint)
