"""Simple list-page search: every word must match one of the fields (case-insensitive).

Arabic-aware ranked search across the platform is the knowledge/search app's job; this
keeps list filters predictable and identical on SQLite and PostgreSQL.
"""

from __future__ import annotations

from functools import reduce
from operator import and_, or_

from django.db.models import Q

MAX_TERMS = 8


def text_filter(query: str, *fields: str) -> Q:
    terms = [t for t in query.split() if t][:MAX_TERMS]
    if not terms:
        return Q()
    per_term = [reduce(or_, (Q(**{f"{f}__icontains": t}) for f in fields)) for t in terms]
    return reduce(and_, per_term)
