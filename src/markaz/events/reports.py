"""Attendance reports for a center's staff: by sector, organization and venture; no-shows.

Counted over confirmed registrations of events that have ended: an attendee was checked in,
a no-show was not. A person counts once for each organization (or venture) they belong to.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.http import Http404
from django.utils import timezone

from markaz.core.access import AccessScope
from markaz.core.models import Center
from markaz.events.models import Event, Registration, RegistrationStatus
from markaz.events.permissions import can_manage_events


@dataclass
class Row:
    key: object
    label: str
    attended: int = 0
    no_show: int = 0

    @property
    def confirmed(self) -> int:
        return self.attended + self.no_show

    @property
    def rate(self) -> float:
        return round(100 * self.no_show / self.confirmed, 1) if self.confirmed else 0.0


@dataclass
class Report:
    events: int = 0
    attended: int = 0
    no_show: int = 0
    by_sector: list[Row] = field(default_factory=list)
    by_organization: list[Row] = field(default_factory=list)
    by_venture: list[Row] = field(default_factory=list)
    by_event: list[Row] = field(default_factory=list)

    @property
    def no_show_rate(self) -> float:
        total = self.attended + self.no_show
        return round(100 * self.no_show / total, 1) if total else 0.0


def _rows(counter_in: Counter, counter_out: Counter, labels: dict) -> list[Row]:
    keys = set(counter_in) | set(counter_out)
    rows = [Row(k, labels.get(k, str(k)), counter_in[k], counter_out[k]) for k in keys]
    return sorted(rows, key=lambda r: (-r.attended, r.label))


def attendance_report(scope: AccessScope, center: Center, now=None) -> Report:
    from markaz.stakeholders.models import Affiliation, Sector
    from markaz.ventures.models import TeamMember

    if not can_manage_events(scope, center):
        raise Http404("Not found.")
    now = now or timezone.now()
    ended = Event.objects.filter(center=center, ends_at__lte=now, is_cancelled=False)
    events = list(ended)
    regs = list(
        Registration.objects.filter(event__in=ended, status=RegistrationStatus.CONFIRMED).values(
            "event_id", "person_id", "checked_in_at"
        )
    )
    report = Report(events=len(events))
    person_ids = {r["person_id"] for r in regs if r["person_id"]}
    orgs: dict[int, list[tuple[int, str, str]]] = {}
    for a in Affiliation.objects.filter(
        person_id__in=person_ids, organization__center=center
    ).select_related("organization"):
        orgs.setdefault(a.person_id, []).append(
            (a.organization_id, a.organization.name, a.organization.sector)
        )
    ventures: dict[int, list[tuple[int, str]]] = {}
    for t in TeamMember.objects.filter(
        person_id__in=person_ids, venture__center=center
    ).select_related("venture"):
        ventures.setdefault(t.person_id, []).append((t.venture_id, t.venture.name))
    counters = {k: (Counter(), Counter()) for k in ("sector", "org", "venture", "event")}
    labels: dict[str, dict] = {"sector": dict(Sector.choices), "org": {}, "venture": {}}
    labels["event"] = {e.pk: e.title for e in events}
    for r in regs:
        came = r["checked_in_at"] is not None
        idx = 0 if came else 1
        report.attended += came
        report.no_show += not came
        counters["event"][idx][r["event_id"]] += 1
        for org_id, name, _sector in orgs.get(r["person_id"], []):
            counters["org"][idx][org_id] += 1
            labels["org"][org_id] = name
        for sector in {s for _o, _n, s in orgs.get(r["person_id"], [])}:
            counters["sector"][idx][sector] += 1
        for venture_id, name in ventures.get(r["person_id"], []):
            counters["venture"][idx][venture_id] += 1
            labels["venture"][venture_id] = name
    report.by_sector = _rows(*counters["sector"], labels["sector"])
    report.by_organization = _rows(*counters["org"], labels["org"])
    report.by_venture = _rows(*counters["venture"], labels["venture"])
    report.by_event = _rows(*counters["event"], labels["event"])
    return report
