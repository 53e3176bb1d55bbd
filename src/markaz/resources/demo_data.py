"""Demo resources: rooms, makerspace equipment, a toolkit and partners' pro-bono services in
every demo center, with past and upcoming bookings (one awaiting approval) and service
requests in every state, with hours logged. Idempotent: a center that has items is skipped."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from zoneinfo import ZoneInfo

WEEKDAYS = {str(d): [["09:00", "13:00"], ["14:00", "18:00"]] for d in range(7) if d != 4}
WORKSHOP = {str(d): [["10:00", "20:00"]] for d in range(6)}

ITEMS = [
    # kind, name_en, name_ar, description_en, description_ar, capacity, approval, quota
    (
        "room",
        "Meeting room",
        "قاعة الاجتماعات",
        "Room for eight with a screen and a whiteboard.",
        "قاعة تتسع لثمانية أشخاص مع شاشة وسبورة.",
        1,
        False,
        None,
    ),
    (
        "room",
        "Event hall",
        "قاعة الفعاليات",
        "Hall for up to 80 people, for demo days and workshops.",
        "قاعة تتسع لثمانين شخصًا لأيام العرض وورش العمل.",
        1,
        True,
        None,
    ),
    (
        "equipment",
        "3D printers",
        "طابعات ثلاثية الأبعاد",
        "Three FDM printers for prototypes; bring your own files.",
        "ثلاث طابعات لصنع النماذج الأولية؛ أحضر ملفاتك.",
        3,
        False,
        Decimal("6"),
    ),
]
TOOLKIT = (
    "toolkit",
    "Impact measurement toolkit",
    "حقيبة قياس الأثر",
    "Templates for a theory of change, indicators and a baseline survey.",
    "نماذج لنظرية التغيير والمؤشرات ومسح خط الأساس.",
)
SERVICES = [
    # area, name_en, name_ar, terms_en, terms_ar, value per hour
    (
        "legal",
        "Company registration and contracts",
        "تسجيل الشركات والعقود",
        "Up to 10 hours per venture per year.",
        "حتى 10 ساعات لكل مشروع في السنة.",
        Decimal("90"),
    ),
    (
        "accounting",
        "Bookkeeping set-up",
        "إعداد مسك الدفاتر",
        "For ventures at pilot stage or later.",
        "للمشاريع في مرحلة التجربة أو ما بعدها.",
        Decimal("60"),
    ),
    (
        "design",
        "Brand and packaging design",
        "تصميم الهوية والتغليف",
        "Two design sprints per venture.",
        "جولتا تصميم لكل مشروع.",
        Decimal("70"),
    ),
    (
        "cloud",
        "Cloud credits and architecture review",
        "أرصدة سحابية ومراجعة البنية",
        "Credits worth up to 5,000 USD.",
        "أرصدة تصل قيمتها إلى 5000 دولار.",
        Decimal("100"),
    ),
]
PARTNER_SERVICE = (
    "technology",
    "Energy audit and solar sizing",
    "تدقيق الطاقة وتصميم أنظمة الطاقة الشمسية",
    "One site visit and a written report.",
    "زيارة ميدانية واحدة وتقرير مكتوب.",
    Decimal("75"),
)
NEEDS = [
    (
        "requested",
        "We need a standard contract for our kiosk operators.",
        "نحتاج إلى عقد نموذجي لمشغّلي الأكشاك.",
    ),
    (
        "accepted",
        "Set up our books before the first grant tranche.",
        "إعداد دفاترنا قبل الدفعة الأولى من المنحة.",
    ),
    ("delivered", "A logo and packaging for the pilot launch.", "شعار وتغليف لإطلاق التجربة."),
    ("declined", "Hosting for a video platform.", "استضافة لمنصة فيديو."),
    ("withdrawn", "Review of our articles of association.", "مراجعة النظام الأساسي."),
]


PROVIDER_SECTORS = ["private", "academia", "social_enterprise", "international", "non_profit"]


def _at(zone: ZoneInfo, day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour)).replace(tzinfo=zone).astimezone(dt.UTC)


def seed(center_slugs: list[str]) -> dict[str, int]:
    from django.contrib.auth import get_user_model

    from markaz.core.models import Center
    from markaz.resources.models import Booking, Resource, ServiceHours, ServiceRequest
    from markaz.stakeholders.models import Organization
    from markaz.ventures.models import Venture

    created: Counter[str] = Counter()
    users = {
        u.username: u
        for u in get_user_model().objects.filter(
            username__in=["staff", "admin", "innovator", "partner"]
        )
    }
    centers = Center.objects.filter(slug__in=center_slugs).order_by("pk")
    now = dt.datetime.now(dt.UTC)
    for center in centers:
        if Resource.objects.filter(center=center).exists():
            continue
        arabic_first = center.slug == "amal-hub"
        ventures = list(Venture.objects.filter(center=center).order_by("pk")[:6])
        if not ventures:
            continue
        zone_name = center.timezone or "UTC"
        zone = ZoneInfo(zone_name)
        items = []
        for kind, en, ar, den, dar, capacity, approval, quota in ITEMS:
            items.append(
                Resource(
                    center=center,
                    kind=kind,
                    name_en=en,
                    name_ar=ar,
                    description_en=den,
                    description_ar=dar,
                    is_bookable=True,
                    capacity=capacity,
                    requires_approval=approval,
                    quota_hours_per_week=quota,
                    timezone=zone_name,
                    slot_minutes=60,
                    opening_hours=WORKSHOP if kind == "equipment" else WEEKDAYS,
                    terms_en="Leave the space as you found it.",
                    terms_ar="اترك المكان كما وجدته.",
                )
            )
        kind, en, ar, den, dar = TOOLKIT
        items.append(
            Resource(
                center=center,
                kind=kind,
                name_en=en,
                name_ar=ar,
                description_en=den,
                description_ar=dar,
            )
        )
        offers = []
        mine = None
        if center.slug == "amal-hub" and "partner" in users:
            mine = Organization.objects.filter(
                center=center, affiliations__person__user=users["partner"]
            ).first()
            if mine is not None:
                offers.append((mine, PARTNER_SERVICE))
        others = (
            Organization.objects.filter(center=center, sector__in=PROVIDER_SECTORS)
            .exclude(pk=getattr(mine, "pk", None))
            .order_by("sector", "pk")[: len(SERVICES)]
        )
        offers += list(zip(others, SERVICES, strict=False))
        services = []
        for org, (area, en, ar, ten, tar, value) in offers:
            services.append(
                Resource(
                    center=center,
                    kind="service",
                    service_area=area,
                    owner=org,
                    name_en=en,
                    name_ar=ar,
                    terms_en=ten,
                    terms_ar=tar,
                    value_per_hour=value,
                    currency="USD",
                    description_en=f"Pro-bono support from {org.name_en or org.name_ar}.",
                    description_ar=f"دعم تطوعي من {org.name_ar or org.name_en}.",
                    eligibility={"stages": ["pilot", "scaling", "sustained"]}
                    if area == "accounting"
                    else {},
                )
            )
        Resource.objects.bulk_create(items + services)
        created["resources"] += len(items) + len(services)
        room, hall, printers = items[0], items[1], items[2]

        bookings = []
        today = now.astimezone(zone).date()
        for offset in range(-21, 15):
            day = today + dt.timedelta(days=offset)
            if str(day.weekday()) not in WEEKDAYS:
                continue
            venture = ventures[offset % len(ventures)]
            start = _at(zone, day, 9 + (offset % 3))
            status = "confirmed"
            bookings.append(
                Booking(
                    center=center,
                    resource=room,
                    venture=venture,
                    starts_at=start,
                    ends_at=start + dt.timedelta(hours=2),
                    exclusive=True,
                    status=status,
                    purpose="Team meeting" if not arabic_first else "اجتماع الفريق",
                )
            )
            if day.weekday() in (0, 5):
                start = _at(zone, day, 10)
                bookings.append(
                    Booking(
                        center=center,
                        resource=printers,
                        venture=ventures[(offset + 1) % len(ventures)],
                        starts_at=start,
                        ends_at=start + dt.timedelta(hours=2),
                        units=1 + offset % 2,
                        exclusive=False,
                        status="confirmed",
                    )
                )
        for n, offset in enumerate((3, 10)):
            day = today + dt.timedelta(days=offset)
            if str(day.weekday()) not in WEEKDAYS:
                day += dt.timedelta(days=1)
            start = _at(zone, day, 14)
            bookings.append(
                Booking(
                    center=center,
                    resource=hall,
                    venture=ventures[n % len(ventures)],
                    starts_at=start,
                    ends_at=start + dt.timedelta(hours=4),
                    exclusive=True,
                    status="pending" if n == 0 else "confirmed",
                    purpose="Demo day rehearsal",
                )
            )
        Booking.objects.bulk_create(bookings)
        created["bookings"] += len(bookings)

        requests, hours = [], []
        for i, service in enumerate(services):
            for j, (status, en, ar) in enumerate(NEEDS):
                if (i + j) % 2 and status not in ("accepted", "delivered"):
                    continue
                asked = now - dt.timedelta(days=40 - 3 * j - i)
                requests.append(
                    ServiceRequest(
                        center=center,
                        resource=service,
                        provider=service.owner,
                        venture=ventures[(i + j) % len(ventures)],
                        requested_by=users.get("innovator") if arabic_first else None,
                        need=ar if arabic_first else en,
                        status=status,
                        response_note="" if status in ("requested", "withdrawn") else "OK",
                        responded_at=None
                        if status in ("requested", "withdrawn")
                        else asked + dt.timedelta(days=2),
                        delivery_note="Delivered as agreed." if status == "delivered" else "",
                        delivered_at=asked + dt.timedelta(days=20)
                        if status == "delivered"
                        else None,
                    )
                )
        ServiceRequest.objects.bulk_create(requests)
        for k, req in enumerate(requests):
            if req.status in ("accepted", "delivered"):
                for d in range(1 + k % 3):
                    hours.append(
                        ServiceHours(
                            request=req,
                            worked_on=(now - dt.timedelta(days=30 - 5 * d)).date(),
                            hours=Decimal(2 + (k + d) % 4),
                            note="Working session",
                        )
                    )
        # created_at is set on insert; spread the requests over the last weeks.
        for req in requests:
            ServiceRequest.objects.filter(pk=req.pk).update(
                created_at=req.responded_at - dt.timedelta(days=2)
                if req.responded_at
                else now - dt.timedelta(days=5)
            )
        ServiceHours.objects.bulk_create(hours)
        created["service requests"] += len(requests)
        created["service hours entries"] += len(hours)
    return dict(created)
