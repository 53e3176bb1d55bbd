"""The demo's events: past ones with attendance and feedback, upcoming ones with registrations,
and a full workshop with a waitlist, across the demo centers, in Arabic and English.

Upcoming registrations of the demo logins go through the services (tickets, waitlist, audit);
past attendance of the center's people without a login is recorded as guest registrations.
No email is sent while seeding (like the other apps' demo data).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from contextlib import contextmanager
from zoneinfo import ZoneInfo

# (center, days from today, hour, hours long, kind, mode, visibility, capacity, approval,
#  title_en, title_ar, description_en, description_ar, venue, room)
EVENTS = [
    ("amal-hub", -40, 17, 3, "demo_day", "in_person", "public", 80, False,
     "Spring demo day: water and livelihoods", "يوم العرض الربيعي: المياه وسبل العيش",
     "Ten ventures pitch their pilots to funders, municipalities and the press.",
     "عشرة مشاريع تعرض تجاربها أمام الممولين والبلديات والصحافة.",
     "Amal Hub, Jabal Al-Weibdeh", "Main hall"),
    ("amal-hub", -21, 10, 4, "workshop", "in_person", "members", 20, False,
     "Theory of change clinic", "عيادة نظرية التغيير",
     "Bring your impact model: mentors help you tighten outcomes and indicators.",
     "أحضر نموذج أثرك: يساعدك المرشدون على ضبط النتائج والمؤشرات.",
     "Amal Hub, Jabal Al-Weibdeh", "Room 2"),
    ("amal-hub", -10, 18, 2, "policy_dialogue", "hybrid", "public", 60, True,
     "Policy dialogue: social enterprise law", "حوار سياسات: قانون المؤسسات الاجتماعية",
     "Ministries, NGOs and founders discuss a legal form for social enterprises.",
     "وزارات ومنظمات ومؤسسون يناقشون شكلاً قانونياً للمؤسسات الاجتماعية.",
     "Amal Hub, Jabal Al-Weibdeh", "Main hall"),
    ("amal-hub", 6, 10, 3, "workshop", "in_person", "members", 3, False,
     "Financial modelling for founders", "النمذجة المالية للمؤسسين",
     "A hands-on session: unit economics, runway and a grant-ready budget.",
     "جلسة تطبيقية: اقتصاديات الوحدة ومدة التشغيل وميزانية جاهزة للمنح.",
     "Amal Hub, Jabal Al-Weibdeh", "Room 1"),
    ("amal-hub", 12, 16, 1, "webinar", "online", "public", None, False,
     "Webinar: measuring impact with small data", "ندوة: قياس الأثر ببيانات قليلة",
     "How early ventures collect credible evidence without a research budget.",
     "كيف تجمع المشاريع الناشئة أدلة موثوقة دون ميزانية بحثية.",
     "", ""),
    ("amal-hub", 20, 19, 3, "networking", "in_person", "members", 50, True,
     "Founders and funders networking night", "أمسية تواصل المؤسسين والممولين",
     "An informal evening with the funders and partners of the center.",
     "أمسية غير رسمية مع ممولي المركز وشركائه.",
     "Amal Hub rooftop", ""),
    ("baobab-lab", -14, 9, 8, "hackathon", "in_person", "public", 40, False,
     "Climate data hackathon", "هاكاثون بيانات المناخ",
     "A day of building tools on open weather data for smallholder farmers.",
     "يوم لبناء أدوات على بيانات الطقس المفتوحة لصغار المزارعين.",
     "Baobab Lab, Westlands", "Maker space"),
    ("baobab-lab", 9, 14, 2, "webinar", "online", "members", 100, False,
     "Mobile money for social ventures", "المال عبر الهاتف للمشاريع الاجتماعية",
     "Integrating mobile payments: fees, regulation and reconciliation.",
     "دمج المدفوعات عبر الهاتف: الرسوم والتنظيم والمطابقة.",
     "", ""),
]  # fmt: skip
COMMENTS = [
    (5, "Clear, practical and well run.", "واضحة وعملية ومنظمة جيداً."),
    (4, "Useful contacts; the room was crowded.", "علاقات مفيدة؛ القاعة كانت مزدحمة."),
    (5, "I left with a plan for our pilot.", "خرجت بخطة لتجربتنا."),
    (3, "Good content, too little time for questions.", "محتوى جيد ووقت قليل للأسئلة."),
]


def _at(zone: ZoneInfo, today: dt.date, days: int, hour: int) -> dt.datetime:
    day = today + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=zone).astimezone(dt.UTC)


@contextmanager
def _no_mail():
    from markaz.events import services

    saved = services.send_email
    services.send_email = lambda **kwargs: None
    try:
        yield
    finally:
        services.send_email = saved


def seed(center_slugs: list[str]) -> dict[str, int]:
    with _no_mail():
        return _seed(center_slugs)


def _seed(center_slugs: list[str]) -> dict[str, int]:
    from django.contrib.auth import get_user_model

    from markaz.core.access import scope_for
    from markaz.core.models import Center
    from markaz.events import services
    from markaz.events.models import Event, Feedback, Question, Registration
    from markaz.stakeholders.models import Organization, Person

    created: Counter[str] = Counter()
    users = {
        u.username: u
        for u in get_user_model().objects.filter(
            username__in=[
                "staff",
                "admin",
                "innovator",
                "mentor",
                "partner",
                "funder",
                "reviewer",
                "staff.nairobi",
            ]
        )
    }
    centers = {c.slug: c for c in Center.objects.filter(slug__in=center_slugs)}
    now = dt.datetime.now(dt.UTC)
    for spec in EVENTS:
        (slug, days, hour, hours, kind, mode, visibility, capacity, approval,
         title_en, title_ar, desc_en, desc_ar, venue, room) = spec  # fmt: skip
        center = centers.get(slug)
        if center is None or Event.objects.filter(center=center, title_en=title_en).exists():
            continue
        zone = ZoneInfo(center.timezone or "UTC")
        starts = _at(zone, now.astimezone(zone).date(), days, hour)
        event = Event.objects.create(
            center=center, kind=kind, mode=mode, visibility=visibility, capacity=capacity,
            requires_approval=approval, title_en=title_en, title_ar=title_ar,
            description_en=desc_en, description_ar=desc_ar, venue=venue, room=room,
            online_url=(f"https://meet.example.org/{slug}-{kind}-{abs(days)}"
                        if mode in ("online", "hybrid") else ""),
            timezone=center.timezone or "UTC", starts_at=starts,
            ends_at=starts + dt.timedelta(hours=hours),
            created_by=users.get("staff") if slug == "amal-hub" else users.get("staff.nairobi"),
        )  # fmt: skip
        created["events"] += 1
        hosts = Organization.objects.filter(center=center).exclude(sector="government")
        event.co_hosts.set(hosts.order_by("pk")[: 1 + created["events"] % 2])
        if kind in ("workshop", "networking"):
            Question.objects.create(
                event=event, position=1, kind="choice", label_en="Your venture's stage",
                label_ar="مرحلة مشروعك", required=False,
                choices=["Idea", "Pilot", "Growth"],
            )  # fmt: skip
            Question.objects.create(
                event=event, position=2, kind="yes_no", label_en="Do you need step-free access?",
                label_ar="هل تحتاج إلى مدخل بلا درج؟",
            )  # fmt: skip
        if days < 0:
            created += _past_attendance(event, Person, Registration, Feedback, users)
        else:
            created += _upcoming(event, users, scope_for, services)
    return dict(created)


def _past_attendance(event, Person, Registration, Feedback, users) -> Counter:
    """Guests of the center (people without a login) and some demo logins, most of whom came."""
    created: Counter[str] = Counter()
    people = list(Person.objects.filter(center=event.center, user__isnull=True).order_by("pk")[:14])
    logins = [users[n] for n in ("innovator", "mentor", "partner") if n in users]
    regs = [
        Registration(event=event, person=p, status="confirmed", confirmed_at=event.starts_at)
        for p in people
    ] + [
        Registration(
            event=event,
            user=u,
            person=getattr(u, "person", None) if hasattr(u, "person") else None,
            status="confirmed",
            confirmed_at=event.starts_at,
        )
        for u in logins
        if event.center.slug == "amal-hub"
    ]
    for n, reg in enumerate(regs):
        if n % 5 != 3:  # about one in five did not come
            reg.checked_in_at = event.starts_at + dt.timedelta(minutes=5 + n)
    Registration.objects.bulk_create(regs)
    created["event registrations"] += len(regs)
    attended = list(Registration.objects.filter(event=event, checked_in_at__isnull=False))
    for n, reg in enumerate(attended[::2]):
        rating, en, ar = COMMENTS[n % len(COMMENTS)]
        Feedback.objects.create(registration=reg, rating=rating, comment=ar if n % 2 else en)
        created["event feedback"] += 1
    return created


def _upcoming(event, users, scope_for, services) -> Counter:
    """Demo logins register through the services: the small workshop fills and has a waitlist."""
    created: Counter[str] = Counter()
    if event.center.slug != "amal-hub":
        names = ["staff.nairobi"]
    else:
        names = ["innovator", "mentor", "partner", "funder", "reviewer"]
    for name in names:
        user = users.get(name)
        if user is None:
            continue
        registration = services.register(scope=scope_for(user), event=event, answers={})
        created["event registrations"] += 1
        if registration.status == "pending" and name in ("innovator", "mentor"):
            services.decide_registration(
                scope=scope_for(users["staff"]), registration=registration, approve=True
            )
    return created
