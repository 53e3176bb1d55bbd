"""Turn records into index rows. A new searchable kind adds an `Indexer` here.

Each indexer knows its model, how to load rows for `markaz reindex`, and how one row reads as
a `Document` plus the facets and visibility fields of `SearchDocument`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import models

from markaz.knowledge.index import Indexed
from markaz.knowledge.models import Entry, Kind, Status
from markaz.search.fts import Document


def _join(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


def _langs(obj, *bases: str) -> list[str]:
    return [lang for lang in ("ar", "en") if any(getattr(obj, f"{b}_{lang}") for b in bases)]


def _day(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def key_for(kind: str, pk: int) -> str:
    return f"{kind}:{pk}"


def entry_key(entry: Entry) -> str:
    """Imported entries are keyed by their external id, so equal scores fall in its order."""
    return f"entry:{entry.center_id}:{entry.external_id or f'#{entry.pk}'}"


def _fields(obj, kind: str, *, visibility: str, **extra) -> dict:
    return {
        "kind": kind,
        "object_id": obj.pk,
        "center_id": obj.center_id,
        "visibility": visibility,
        "title_en": obj.name_en[:300] if hasattr(obj, "name_en") else obj.title_en,
        "title_ar": obj.name_ar[:300] if hasattr(obj, "name_ar") else obj.title_ar,
        **extra,
    }


def index_entry(entry: Entry) -> Indexed:
    langs = _langs(entry, "title", "summary", "body")
    summary = _join(entry.summary_ar, entry.summary_en)
    body = _join(entry.body_ar, entry.body_en)
    fields = _fields(
        entry,
        Kind.ENTRY,
        visibility=entry.visibility if entry.status == Status.PUBLISHED else "draft",
        type=entry.type,
        langs=langs,
        sdgs=sorted(g.pk for g in entry.sdgs.all()),
        regions=list(entry.regions),
        sectors=list(entry.sectors),
        summary=summary,
        body=body,
        owner_id=entry.created_by_id,
        updated_at=_day(entry.updated_at),
    )
    doc = Document(
        id=entry_key(entry),
        lang=langs[0] if langs else "",
        title=_join(entry.title_ar, entry.title_en),
        summary=summary,
        body=body,
        type=entry.type,
        tags=tuple(entry.tags),
        visibility=fields["visibility"],
        updated_at=fields["updated_at"],
    )
    return Indexed(fields, doc)


def _record(
    obj,
    kind: str,
    *,
    visibility: str,
    summary: str,
    body: str = "",
    bases: tuple[str, ...],
    tags: tuple[str, ...] = (),
    **facets,
) -> Indexed:
    """An index row for a record of another app: its bilingual title, the text to rank, the
    facets, and the region of its center."""
    region = obj.center.region
    fields = _fields(
        obj,
        kind,
        visibility=visibility,
        langs=_langs(obj, *bases),
        regions=[region] if region else [],
        summary=summary,
        body=body,
        updated_at=_day(obj.updated_at),
        **facets,
    )
    doc = Document(
        id=key_for(kind, obj.pk),
        title=_join(fields["title_ar"], fields["title_en"]),
        summary=summary,
        body=body,
        tags=tags,
        updated_at=fields["updated_at"],
    )
    return Indexed(fields, doc)


def index_venture(venture) -> Indexed:
    org = venture.organization
    return _record(
        venture,
        Kind.VENTURE,
        visibility="public" if venture.is_public else "center",
        summary=_join(venture.problem_ar, venture.problem_en),
        body=_join(
            venture.solution_ar,
            venture.solution_en,
            venture.beneficiaries_ar,
            venture.beneficiaries_en,
        ),
        bases=("name", "problem", "solution"),
        type=venture.stage,
        sdgs=sorted(g.pk for g in venture.sdg_goals.all()),
        sectors=[org.sector] if org is not None and org.sector else [],
    )


def index_organization(org) -> Indexed:
    return _record(
        org,
        Kind.ORGANIZATION,
        visibility="center",
        summary=_join(org.description_ar, org.description_en),
        bases=("name", "description"),
        type=org.sector,
        sectors=[org.sector] if org.sector else [],
    )


def index_person(person) -> Indexed:
    return _record(
        person,
        Kind.PERSON,
        visibility="center",
        summary=_join(person.bio_ar, person.bio_en),
        bases=("name", "bio"),
        tags=tuple(str(x) for x in person.expertise or ()),
    )


def index_call(call) -> Indexed:
    from markaz.programs.selectors import PUBLIC_PHASES

    program = call.program
    return _record(
        call,
        Kind.CALL,
        # Published calls are public pages; drafts are found by their center's staff only.
        visibility="public" if call.phase in PUBLIC_PHASES else "draft",
        summary=_join(call.summary_ar, call.summary_en),
        body=_join(program.title_ar, program.title_en) if program else "",
        bases=("title", "summary"),
        type=call.phase,
        sdgs=sorted(g.pk for g in call.eligible_sdgs.all()),
    )


def index_event(event) -> Indexed:
    public = event.visibility == "public" and not event.is_cancelled
    return _record(
        event,
        Kind.EVENT,
        visibility="public" if public else "center",
        summary=_join(event.description_ar, event.description_en),
        body=_join(event.venue, event.room),
        bases=("title", "description"),
        type=event.kind,
        sectors=sorted({o.sector for o in event.co_hosts.all() if o.sector}),
    )


def index_challenge(challenge) -> Indexed:
    return _record(
        challenge,
        Kind.CHALLENGE,
        visibility="public" if challenge.visibility == "public" else "center",
        summary=_join(challenge.problem_ar, challenge.problem_en),
        body=_join(
            challenge.evidence_ar,
            challenge.evidence_en,
            challenge.affected_population_ar,
            challenge.affected_population_en,
            challenge.place_ar,
            challenge.place_en,
        ),
        bases=("title", "problem"),
        type=challenge.status,
        sdgs=sorted({t.goal_id for t in challenge.sdg_targets.all()}),
        sectors=sorted({o.sector for o in challenge.organizations.all() if o.sector}),
    )


@dataclass(frozen=True)
class Indexer:
    kind: str
    model: type[models.Model]
    build: Callable[[models.Model], Indexed]
    prefetch: tuple[str, ...] = ()
    related: tuple[str, ...] = ("center",)

    def rows(self) -> Iterable[models.Model]:
        qs = self.model._default_manager.select_related(*self.related)
        return qs.prefetch_related(*self.prefetch).order_by("pk").iterator(chunk_size=500)

    def count(self) -> int:
        return self.model._default_manager.count()


def registry() -> dict[str, Indexer]:
    from markaz.challenges.models import Challenge
    from markaz.events.models import Event
    from markaz.programs.models import Call
    from markaz.stakeholders.models import Organization, Person
    from markaz.ventures.models import Venture

    return {
        Kind.ENTRY: Indexer(Kind.ENTRY, Entry, index_entry, ("sdgs",)),
        Kind.VENTURE: Indexer(
            Kind.VENTURE,
            Venture,
            index_venture,
            ("sdg_goals",),
            ("center", "organization"),
        ),
        Kind.ORGANIZATION: Indexer(Kind.ORGANIZATION, Organization, index_organization),
        Kind.PERSON: Indexer(Kind.PERSON, Person, index_person),
        Kind.CALL: Indexer(Kind.CALL, Call, index_call, ("eligible_sdgs",), ("center", "program")),
        Kind.EVENT: Indexer(Kind.EVENT, Event, index_event, ("co_hosts",)),
        Kind.CHALLENGE: Indexer(
            Kind.CHALLENGE, Challenge, index_challenge, ("sdg_targets", "organizations")
        ),
    }
