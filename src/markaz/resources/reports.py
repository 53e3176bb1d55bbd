"""Usage reports: which ventures used what, and pro-bono hours by partner and by sector.

Grouped sums in the database (a handful of queries whatever the size of the center); bookings
count when confirmed, service hours when logged, both within [since, until].
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, DurationField, ExpressionWrapper, F, Sum

from markaz.core.i18n import pick
from markaz.resources.models import Booking, BookingStatus, ServiceHours, ServiceRequest
from markaz.stakeholders.models import Sector


def _name(row: dict, prefix: str) -> str:
    return pick({"en": row.get(f"{prefix}name_en") or "", "ar": row.get(f"{prefix}name_ar") or ""})


def _hours(value) -> float:
    if value is None:
        return 0.0
    if isinstance(value, timedelta):
        return round(value.total_seconds() / 3600, 2)
    return round(float(value) / 3_600_000_000, 2)  # microseconds on some backends


def usage_report(center, since: date, until: date) -> dict:
    start = datetime.combine(since, time()).replace(tzinfo=UTC)
    end = datetime.combine(until + timedelta(days=1), time()).replace(tzinfo=UTC)
    duration = ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())
    bookings = Booking.objects.filter(
        center=center, status=BookingStatus.CONFIRMED, starts_at__gte=start, starts_at__lt=end
    )
    hours = ServiceHours.objects.filter(
        request__center=center, worked_on__gte=since, worked_on__lte=until
    )
    requests = ServiceRequest.objects.filter(
        center=center, created_at__gte=start, created_at__lt=end
    )

    by_venture: dict[int, dict] = defaultdict(dict)
    for row in bookings.values("venture_id", "venture__name_en", "venture__name_ar").annotate(
        n=Count("id"), d=Sum(duration)
    ):
        by_venture[row["venture_id"]].update(
            label=_name(row, "venture__"), bookings=row["n"], booked_hours=_hours(row["d"])
        )
    for row in requests.values("venture_id", "venture__name_en", "venture__name_ar").annotate(
        n=Count("id")
    ):
        by_venture[row["venture_id"]].update(label=_name(row, "venture__"), requests=row["n"])
    for row in hours.values(
        "request__venture_id", "request__venture__name_en", "request__venture__name_ar"
    ).annotate(h=Sum("hours")):
        by_venture[row["request__venture_id"]].update(
            label=_name(row, "request__venture__"), service_hours=float(row["h"] or 0)
        )

    by_resource = [
        {
            "key": str(row["resource_id"]),
            "label": _name(row, "resource__"),
            "bookings": row["n"],
            "booked_hours": _hours(row["d"]),
        }
        for row in bookings.values("resource_id", "resource__name_en", "resource__name_ar")
        .annotate(n=Count("id"), d=Sum(duration))
        .order_by("-n", "resource_id")
    ]

    by_partner: dict[int, dict] = defaultdict(dict)
    sectors: dict[str, dict] = defaultdict(lambda: {"requests": 0, "service_hours": 0.0})
    sector_of: dict[int, str] = {}
    for row in requests.values(
        "provider_id", "provider__name_en", "provider__name_ar", "provider__sector"
    ).annotate(n=Count("id")):
        by_partner[row["provider_id"]].update(label=_name(row, "provider__"), requests=row["n"])
        sector_of[row["provider_id"]] = row["provider__sector"]
        sectors[row["provider__sector"]]["requests"] += row["n"]
    value: dict[str, Decimal] = defaultdict(Decimal)
    for row in hours.values(
        "request__provider_id",
        "request__provider__name_en",
        "request__provider__name_ar",
        "request__provider__sector",
        "request__resource__value_per_hour",
        "request__resource__currency",
    ).annotate(h=Sum("hours")):
        pid, h = row["request__provider_id"], Decimal(str(row["h"] or 0))
        entry = by_partner[pid]
        entry["label"] = _name(row, "request__provider__")
        entry["service_hours"] = round(entry.get("service_hours", 0.0) + float(h), 2)
        sectors[row["request__provider__sector"]]["service_hours"] += float(h)
        rate = row["request__resource__value_per_hour"]
        if rate is not None:
            value[row["request__resource__currency"] or "USD"] += (h * Decimal(str(rate))).quantize(
                Decimal("0.01")
            )

    labels = dict(Sector.choices)

    def rows(groups: dict) -> list[dict]:
        out = [{"key": str(k), **v} for k, v in groups.items()]
        return sorted(out, key=lambda r: (-r.get("service_hours", 0), -r.get("booked_hours", 0),
                                          r.get("label", "")))  # fmt: skip

    by_sector = rows(
        {
            k: {"label": str(labels.get(k, k)), **v, "service_hours": round(v["service_hours"], 2)}
            for k, v in sectors.items()
        }
    )
    return {
        "since": since,
        "until": until,
        "by_venture": rows(by_venture),
        "by_resource": by_resource,
        "by_partner": rows(by_partner),
        "by_sector": by_sector,
        "total_booked_hours": round(sum(r.get("booked_hours", 0) for r in by_venture.values()), 2),
        "total_service_hours": round(
            sum(r.get("service_hours", 0) for r in by_partner.values()), 2
        ),
        "service_value": dict(value),
    }


def default_period(today: date) -> tuple[date, date]:
    """The last twelve months up to today."""
    return today - timedelta(days=364), today
