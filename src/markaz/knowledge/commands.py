"""`markaz import knowledge FILE`, `markaz search QUERY` and `markaz reindex`."""

from __future__ import annotations

import json
import sys


def cmd_import_knowledge(args) -> None:
    from markaz.cli import setup_django

    setup_django()
    from rich.progress import Progress

    from markaz.core.models import Center
    from markaz.knowledge.importer import ImportFailed, import_entries

    center = (
        Center.objects.filter(slug=args.center).first()
        if args.center
        else Center.objects.order_by("pk").first()
    )
    if center is None:
        sys.exit("markaz import knowledge: no such center; create one or pass --center SLUG.")
    with open(args.file, encoding="utf-8") as f:
        lines = f.read().splitlines()
    try:
        with Progress(transient=True) as bar:
            task = bar.add_task("Importing", total=len(lines))
            entries = import_entries(lines, center=center, progress=lambda: bar.advance(task))
    except ImportFailed as exc:
        for error in exc.errors:
            print(f"{args.file}:{error}", file=sys.stderr)
        sys.exit(f"markaz import knowledge: nothing imported ({len(exc.errors)} error(s)).")
    print(f"Imported {len(entries)} entries into {center.slug}.")


def cmd_search(args) -> None:
    from markaz.cli import setup_django

    setup_django()
    from markaz.core.access import AccessScope, scope_for
    from markaz.knowledge.search import search
    from markaz.knowledge.selectors import public_search_rows

    if args.as_user:
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(username=args.as_user).first()
        if user is None:
            sys.exit(f"markaz search: no user {args.as_user!r}.")
        found = search(scope_for(user), args.query, limit=args.limit)
    else:
        found = search(AccessScope(user=None), args.query, limit=args.limit,
                       visible=public_search_rows())  # fmt: skip
    external = _external_ids([hit.doc for hit in found.hits])
    hits = [
        {"id": external.get(hit.key, hit.key), "score": round(hit.score, 6)} for hit in found.hits
    ]
    if args.json:
        print(json.dumps(hits, ensure_ascii=False))
    else:
        for hit, row in zip(found.hits, hits, strict=True):
            print(f"{row['score']:10.4f}  {row['id']}  {hit.doc.title}")


def _external_ids(docs) -> dict[str, str]:
    from markaz.knowledge.models import Entry, Kind

    ids = {d.object_id: d.key for d in docs if d.kind == Kind.ENTRY}
    rows = Entry.objects.filter(pk__in=ids).exclude(external_id="")
    return {ids[pk]: ext for pk, ext in rows.values_list("pk", "external_id")}


def cmd_reindex(args) -> None:
    from markaz.cli import setup_django

    setup_django()
    from rich.progress import Progress

    from markaz.knowledge.reindex import rebuild

    with Progress() as bar:
        tasks: dict[str, int] = {}

        def advance(kind: str, total: int) -> None:
            if kind not in tasks:
                tasks[kind] = bar.add_task(f"Indexing {kind}", total=total)
            bar.advance(tasks[kind])

        counts = rebuild(progress=advance)
    print(json.dumps(counts))


def register(subparsers) -> None:
    from markaz.cli import import_subcommands

    p = import_subcommands(subparsers).add_parser(
        "knowledge", help="knowledge entries from JSON Lines (all or nothing)"
    )
    p.add_argument("file", help="one JSON object per line")
    p.add_argument("--center", help="slug of the owner center (default: the first center)")
    p.set_defaults(func=cmd_import_knowledge)

    p = subparsers.add_parser("search", help="search what a user may see (public by default)")
    p.add_argument("query")
    p.add_argument("--json", action="store_true", help="print [{id, score}] as JSON")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--as", dest="as_user", metavar="USERNAME", help="search as this user")
    p.set_defaults(func=cmd_search)

    p = subparsers.add_parser("reindex", help="rebuild the search index from the records")
    p.set_defaults(func=cmd_reindex)
