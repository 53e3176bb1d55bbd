"""The outbox: what this deployment chose to share, as signed ActivityStreams 2.0 activities.

A diff-based publisher: `publish()` compares what is shared now with what the outbox last said
(`SharedObject`) and appends Create / Update / Delete(Tombstone) activities for the differences.
Running it twice appends nothing; a missed signal is caught by the next run. Signals call it for
the changed object only.

Change detection is in two steps so that a run costs what changed, not what is shared: a cheap
fingerprint of each shared row (every column of the row, plus the related values its object
shows: center name and slug, the center's networks; read with `values_list`, no model objects)
is compared with the one stored at the last run; only rows whose fingerprint differs (or that
are new) get their JSON-LD form built, hashed, and compared with the published hash. Updates
made with `QuerySet.update()` (no `updated_at` bump, no signal) are caught too, since the
fingerprint covers every column. Sources whose object depends on other tables (impact
aggregates) have no fingerprint and are built on every run (one per center / network).
`publish(full=True)` ignores fingerprints (e.g. after changing how objects are rendered).

Audience: public content goes to every active peer; network-visibility content carries the
slugs of its center's networks and goes only to peers configured with one of them. Center-only
and draft content is never an outbox object. Impact is shared only as aggregates: a center's
public numbers (the portal's) to everyone, and a network's merged verified roll-ups (never one
venture's figure) to the peers of that network.

Each object's `url` lists its public page on this deployment, once per language (Link objects
with `hreflang`), so a mirror links to the real page at its origin.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from markaz.federation import signing
from markaz.federation.models import OutboxActivity, SharedObject

AS_CONTEXT = ["https://www.w3.org/ns/activitystreams", {"markaz": "https://markaz.dev/ns#"}]


MACHINE_URLS = "markaz.federation.machine_urls"


def local_url(name: str, **kwargs) -> str:
    """The absolute URL of a machine endpoint (see machine_urls: no language prefix, mounted at
    the root). Reversed in machine_urls alone, so a sync run does not import the whole site's
    URLs and API (seconds per process) just to name its own actor."""
    return settings.MARKAZ_FEDERATION_BASE_URL + reverse(
        name, kwargs=kwargs or None, urlconf=MACHINE_URLS
    )


def actor_url() -> str:
    return local_url("federation-actor")


def key_id() -> str:
    return actor_url() + "#main-key"


def object_id(key: str) -> str:
    label, pk = key.split(":")
    return f"{settings.MARKAZ_FEDERATION_BASE_URL}/federation/objects/{label}/{pk}"


def _iso(value) -> str | None:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z") if value else None


def _maps(obj, field: str) -> dict:
    return {
        lang: value for lang in ("en", "ar") if (value := getattr(obj, f"{field}_{lang}", "") or "")
    }


LANGS = ("ar", "en")


def page_links(path: Callable, obj) -> list[dict]:
    """The object's public page here, in each language, as ActivityStreams Link objects."""
    links = []
    for lang in LANGS:
        with translation.override(lang):
            href = settings.MARKAZ_FEDERATION_BASE_URL + path(obj)
        links.append({"type": "Link", "href": href, "hreflang": lang, "mediaType": "text/html"})
    return links


@dataclass(frozen=True)
class Source:
    label: str  # "knowledge.entry"
    kind: str  # markaz:kind
    queryset: Callable  # () -> shared objects
    to_object: Callable  # obj -> dict (without id/type/attributedTo), or None: not shared
    as_type: str
    networks: Callable | None = None  # obj -> list of network slugs, None = public
    page: Callable | None = None  # obj -> path of its public page (language-prefixed)
    # Related values the object shows, besides the row's own columns (for the fingerprint);
    # None: no fingerprint, the object is built on every run.
    related: tuple[str, ...] | None = None


def _entry_networks(entry) -> list[str] | None:
    if entry.visibility == "public":
        return None
    return sorted(n.slug for n in entry.center.networks.all())


def _entries():
    from markaz.knowledge.models import Entry

    return (
        Entry.objects.filter(status="published", visibility__in=["public", "network"])
        .select_related("center")
        .prefetch_related("center__networks")
    )


def _entry(e) -> dict:
    return {
        "nameMap": _maps(e, "title"),
        "summaryMap": _maps(e, "summary"),
        "contentMap": _maps(e, "body"),
        "updated": _iso(e.updated_at),
        "markaz:center": e.center.name_en or e.center.name_ar,
    }


def _calls():
    from markaz.programs.models import Call

    return Call.objects.filter(phase="open").select_related("center")


def _call(c) -> dict:
    return {
        "nameMap": _maps(c, "title"),
        "summaryMap": _maps(c, "summary"),
        "startTime": _iso(c.opens_at),
        "endTime": _iso(c.deadline),
        "markaz:center": c.center.name_en or c.center.name_ar,
    }


def _events():
    from markaz.events.models import Event

    return Event.objects.filter(visibility="public").select_related("center")


def _event(e) -> dict:
    return {
        "nameMap": _maps(e, "title"),
        "summaryMap": _maps(e, "description"),
        "startTime": _iso(e.starts_at),
        "endTime": _iso(e.ends_at),
        "location": {"type": "Place", "name": e.venue} if e.venue else None,
        "markaz:center": e.center.name_en or e.center.name_ar,
    }


def _ventures():
    from markaz.ventures.models import Venture

    return Venture.objects.filter(is_public=True).select_related("center")


def _venture(v) -> dict:
    return {
        "nameMap": _maps(v, "name"),
        "markaz:stage": v.stage,
        "markaz:country": str(v.country or ""),
        "markaz:website": v.website or None,
        "markaz:center": v.center.name_en or v.center.name_ar,
    }


IMPACT_OF = gettext_noop("Impact figures: %(name)s")
NETWORK_IMPACT = gettext_noop("Network impact: %(name)s")
CENTER_SUMMARY = gettext_noop(
    "Public ventures: %(ventures)s · Awards: %(awards)s · People reached: %(people)s"
)
NETWORK_SUMMARY = gettext_noop(
    "Verified impact of %(centers)s centers: %(rows)s figures by SDG goal."
)


def _in_langs(message: str, names: dict | None = None, **values) -> dict:
    """A message with placeholders rendered in each language (`names`: a name per language)."""
    out = {}
    for lang in LANGS:
        with translation.override(lang):
            extra = {"name": names[lang]} if names else {}
            out[lang] = _(message) % {**values, **extra}
    return out


def _names(obj) -> dict:
    return {"en": obj.name_en or obj.name_ar, "ar": obj.name_ar or obj.name_en}


def _impact_centers():
    from markaz.core.models import Center

    return Center.objects.order_by("id")


def _impact_center(c) -> dict | None:
    """A center's public impact numbers (the portal's), or None when it has none to show."""
    from markaz.portal.selectors import impact_numbers

    numbers = impact_numbers([c])
    people = numbers["people_reached"]
    if not numbers["ventures"] and not numbers["awards"] and not people:
        return None
    figures = {
        "ventures": numbers["ventures"],
        "awards": numbers["awards"],
        "awardTotals": [{"currency": cur, "amount": str(total)}
                        for cur, total in numbers["award_totals"]],
        "peopleReached": people,
    }  # fmt: skip
    return {
        "nameMap": _in_langs(IMPACT_OF, _names(c)),
        "summaryMap": _in_langs(
            CENTER_SUMMARY, ventures=figures["ventures"], awards=figures["awards"],
            people=people if people is not None else "—",
        ),
        "markaz:center": c.name_en or c.name_ar,
        "markaz:scope": "center",
        "markaz:figures": figures,
    }  # fmt: skip


def _impact_networks():
    from markaz.core.models import Network

    return Network.objects.prefetch_related("centers").order_by("id")


def _impact_network(n) -> dict | None:
    """A network's merged verified roll-ups per SDG goal and measure (aggregates only)."""
    from django.apps import apps

    if not apps.is_installed("markaz.impact"):
        return None
    from markaz.impact.selectors import shareable_network_figures

    center_ids = [c.pk for c in n.centers.all()]
    rows = shareable_network_figures(center_ids)
    if not rows:
        return None
    return {
        "nameMap": _in_langs(NETWORK_IMPACT, _names(n)),
        "summaryMap": _in_langs(NETWORK_SUMMARY, centers=len(center_ids), rows=len(rows)),
        "markaz:network": n.slug,
        "markaz:scope": "network",
        "markaz:sdgFigures": [
            {**row, "value": None if row["value"] is None else str(row["value"])}
            for row in rows
        ],
    }  # fmt: skip


def _links():
    from markaz.portal import links

    return links


CENTER = ("center__name_en", "center__name_ar", "center__slug")

SOURCES: tuple[Source, ...] = (
    Source("knowledge.entry", "knowledge", _entries, _entry, "Article", _entry_networks,
           page=lambda e: _links().entry_url(e), related=CENTER),
    Source("programs.call", "call", _calls, _call, "Page", page=lambda c: _links().call_url(c),
           related=CENTER),
    Source("events.event", "event", _events, _event, "Event",
           page=lambda e: _links().event_url(e), related=CENTER),
    Source("ventures.venture", "venture", _ventures, _venture, "Organization",
           page=lambda v: _links().venture_url(v), related=CENTER),
    Source("impact.center", "impact", _impact_centers, _impact_center, "Note",
           page=lambda c: _links().center_url(c)),
    Source("impact.network", "impact", _impact_networks, _impact_network, "Note",
           networks=lambda n: [n.slug], page=lambda n: _links().network_url(n)),
)  # fmt: skip
SOURCE_BY_LABEL = {s.label: s for s in SOURCES}


# Part of every fingerprint: bump it when the rendering of objects changes, so the next run
# rebuilds them all.
FORMAT = "1"


def _wanted(keys: Iterable[str] | None) -> dict[str, set[int]] | None:
    if keys is None:
        return None
    wanted: dict[str, set[int]] = {}
    for key in keys:
        label, pk = key.split(":")
        wanted.setdefault(label, set()).add(int(pk))
    return wanted


def _center_networks() -> dict[int, list[str]]:
    from markaz.core.models import Center

    through = Center.networks.through
    found: dict[int, list[str]] = {}
    for center_id, slug in through.objects.values_list("center_id", "network__slug"):
        found.setdefault(center_id, []).append(slug)
    return {center_id: sorted(slugs) for center_id, slugs in found.items()}


def _fingerprints(keys: Iterable[str] | None) -> dict[str, str | None]:
    """key -> fingerprint of its source row (None: no fingerprint, always built) for every row
    of the shared querysets (or just `keys`). Reads values only: no model objects, no URLs."""
    wanted = _wanted(keys)
    salt = f"{FORMAT}|{settings.MARKAZ_FEDERATION_BASE_URL}"
    networks: dict[int, list[str]] | None = None
    found: dict[str, str | None] = {}
    for source in SOURCES:
        if wanted is not None and source.label not in wanted:
            continue
        qs = source.queryset().prefetch_related(None)
        if wanted is not None:
            qs = qs.filter(pk__in=wanted[source.label])
        if source.related is None:
            found.update((f"{source.label}:{pk}", None) for pk in qs.values_list("pk", flat=True))
            continue
        if networks is None:
            networks = _center_networks()
        columns = [f.attname for f in qs.model._meta.concrete_fields]
        pk_at, center_at = columns.index(qs.model._meta.pk.attname), columns.index("center_id")
        for row in _raw_rows(qs.values_list(*columns, *source.related)):
            extra = networks.get(row[center_at], [])
            digest = hashlib.sha256(f"{salt}|{row!r}|{extra!r}".encode()).hexdigest()
            found[f"{source.label}:{row[pk_at]}"] = digest
    return found


def _raw_rows(qs):
    """The rows as the database driver returns them, without Django's per-value converters
    (date parsing, JSON decoding: most of the cost of reading every row): the same stored
    values always give the same tuple, which is all a fingerprint needs."""
    from django.db.models.sql.constants import MULTI

    compiler = qs.query.get_compiler(using=qs.db)
    chunks = compiler.execute_sql(MULTI, chunked_fetch=True, chunk_size=2000)
    for chunk in chunks or ():
        yield from (tuple(row) for row in chunk)


def _current(keys: Iterable[str] | None) -> dict[str, tuple[dict, list[str] | None]]:
    """key -> (object, networks or None for public) for every shared object (or just `keys`)."""
    wanted = _wanted(keys)
    actor = actor_url()
    found = {}
    for source in SOURCES:
        if wanted is not None and source.label not in wanted:
            continue
        qs = source.queryset()
        if wanted is not None:
            qs = qs.filter(pk__in=wanted[source.label])
        for obj in qs.iterator(chunk_size=2000):
            key = f"{source.label}:{obj.pk}"
            data = source.to_object(obj)
            if data is None:  # nothing to share about this one (now)
                continue
            body = {k: v for k, v in data.items() if v not in (None, {}, "")}
            if source.page is not None:
                body["url"] = page_links(source.page, obj)
            body.update(
                id=object_id(key), type=source.as_type, attributedTo=actor,
                **{"markaz:kind": source.kind},
            )  # fmt: skip
            networks = source.networks(obj) if source.networks else None
            if networks == []:  # network-only content of a center in no network: not shared
                continue
            found[key] = (body, networks)
    return found


def _activity(seq: int, verb: str, obj: dict, networks, now: str, urls: dict) -> dict:
    audience = ["https://www.w3.org/ns/activitystreams#Public"] if networks is None else []
    activity = {
        "@context": AS_CONTEXT,
        "id": urls["activity"] + str(seq),
        "type": verb,
        "actor": urls["actor"],
        "published": now,
        "sequence": seq,
        "object": obj,
        "to": audience,
        "markaz:networks": networks or [],
    }
    return signing.sign(activity, key_id=urls["key_id"])


def publish(
    keys: Iterable[str] | None = None, *, now: dt.datetime | None = None, full: bool = False
) -> int:
    """Append activities for what changed since the last run; returns how many were added.

    Only objects whose source row changed since the last run (by fingerprint) are rebuilt and
    signed; `full=True` rebuilds every shared object (the outcome is the same, only slower).
    """
    keys = list(keys) if keys is not None else None
    now = now or dt.datetime.now(dt.UTC)
    stamp = _iso(now)
    urls = {"actor": actor_url(), "key_id": key_id(),
            "activity": local_url("federation-activity", seq=0)[:-1]}  # fmt: skip
    with transaction.atomic():
        state_qs = SharedObject.objects.select_for_update()
        if keys is not None:
            state_qs = state_qs.filter(key__in=keys)
        state = {s.key: s for s in state_qs}
        fingerprints = _fingerprints(keys)
        unchanged = set()
        for key, print_ in fingerprints.items():
            old = state.get(key)
            if (not full and print_ is not None and old is not None and not old.deleted
                    and old.source_hash == print_):  # fmt: skip
                unchanged.add(key)
        current = _current([key for key in fingerprints if key not in unchanged])
        seq = OutboxActivity.objects.aggregate(m=Max("id"))["m"] or 0
        rows: list[OutboxActivity] = []
        new_state: list[SharedObject] = []
        changed: list[SharedObject] = []

        def emit(key: str, verb: str, obj: dict, networks) -> None:
            nonlocal seq
            seq += 1
            rows.append(
                OutboxActivity(
                    id=seq, key=key, verb=verb, public=networks is None,
                    networks=networks or [], published_at=now,
                    payload=_activity(seq, verb, obj, networks, stamp, urls),
                )
            )  # fmt: skip

        def tombstone(key: str, old: SharedObject) -> None:
            old_networks = old.networks or None
            emit(key, "Delete", {"id": object_id(key), "type": "Tombstone"}, old_networks)

        for key, (obj, networks) in current.items():
            digest = signing.content_hash({"object": obj, "networks": networks})
            print_ = fingerprints.get(key) or ""
            old = state.get(key)
            if old is not None and not old.deleted and old.content_hash == digest:
                if old.source_hash != print_:  # a column the object does not show changed
                    old.source_hash = print_
                    changed.append(old)
                continue
            if old is None or old.deleted:
                emit(key, "Create", obj, networks)
            else:
                if (old.networks or None) != networks:
                    tombstone(key, old)  # the old audience forgets it; the new one gets it
                    emit(key, "Create", obj, networks)
                else:
                    emit(key, "Update", obj, networks)
            if old is None:
                new_state.append(SharedObject(key=key, content_hash=digest, source_hash=print_,
                                              networks=networks or [], last_seq=seq))  # fmt: skip
            else:
                old.content_hash, old.source_hash, old.networks, old.deleted, old.last_seq = (
                    digest,
                    print_,
                    networks or [],
                    False,
                    seq,
                )
                changed.append(old)
        for key, old in state.items():
            if key not in current and key not in unchanged and not old.deleted:
                tombstone(key, old)
                old.deleted, old.last_seq, old.source_hash = True, seq, ""
                changed.append(old)
        OutboxActivity.objects.bulk_create(rows, batch_size=1000)
        SharedObject.objects.bulk_create(new_state, batch_size=1000)
        SharedObject.objects.bulk_update(
            changed,
            ["content_hash", "source_hash", "networks", "deleted", "last_seq"],
            batch_size=1000,
        )
    return len(rows)


def activities_for(peer, *, after: int, limit: int):
    """The outbox page a peer may read: public activities, and network ones it shares."""
    audience = Q(public=True)
    for slug in peer.networks or []:
        audience |= (
            Q(networks__contains=[slug]) if _json_contains() else Q(networks__icontains=f'"{slug}"')
        )
    return OutboxActivity.objects.filter(audience, id__gt=after).order_by("id")[:limit]


def _json_contains() -> bool:
    from django.db import connection

    return connection.features.supports_json_field_contains


def public_activity(seq: int):
    return OutboxActivity.objects.filter(id=seq, public=True).first()


def outbox_size() -> int:
    return OutboxActivity.objects.count()
