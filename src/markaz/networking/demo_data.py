"""Demo networking: directory profiles with varied visibility choices for the demo people, and
introductions in every state at Amal Hub. Idempotent: people who have a profile and centers
that have introductions are left alone."""

from __future__ import annotations

from datetime import timedelta

HEADLINES = {
    "government": ("Public-sector partner for social innovation",
                   "شريك من القطاع العام في الابتكار الاجتماعي"),
    "academia": ("Researcher turning evidence into practice", "باحث يحوّل الأدلة إلى ممارسة"),
    "non_profit": ("Building community programmes that last", "أبني برامج مجتمعية مستدامة"),
    "private": ("Business partner for ventures that scale",
                "شريك أعمال للمشاريع الساعية إلى التوسع"),
    "social_enterprise": ("Running a social enterprise", "أدير مؤسسة اجتماعية"),
    "community": ("Community organiser", "منظّم مجتمعي"),
    "international": ("Connecting local work with international partners",
                      "أصل العمل المحلي بالشركاء الدوليين"),
    "philanthropy": ("Funding bold local solutions", "أموّل الحلول المحلية الجريئة"),
    "": ("Social innovator", "مبتكر اجتماعي"),
}  # fmt: skip
INTERESTS = [
    "impact measurement", "climate adaptation", "youth employment", "water", "fundraising",
    "public procurement", "digital inclusion", "women's leadership", "circular economy",
]  # fmt: skip
VISIBILITY_CYCLE = ["center", "center", "network", "hidden", "center", "network", "hidden"]
DEMO_CENTER = "amal-hub"
LISTED_LOGINS = ("admin", "staff", "reviewer", "mentor", "innovator", "partner", "funder")


def seed(center_slugs: list[str]) -> dict[str, int]:
    return {
        "networking profiles": _profiles(center_slugs),
        "introductions": _introductions(),
    }


def _profiles(center_slugs: list[str]) -> int:
    from markaz.networking.models import NetworkingProfile
    from markaz.stakeholders.models import Affiliation, Person
    from markaz.ventures.models import Venture

    people = list(
        Person.objects.filter(center__slug__in=center_slugs, networking_profile__isnull=True)
        .select_related("user", "center")
        .order_by("pk")
    )
    if not people:
        return 0
    ids = [p.pk for p in people]
    sector_of = dict(
        Affiliation.objects.filter(person_id__in=ids)
        .order_by("-starts_on", "pk")
        .values_list("person_id", "organization__sector")
    )
    goals: dict[int, list[int]] = {}
    for person_id, goal in Venture.sdg_goals.through.objects.filter(
        venture__team__person_id__in=ids
    ).values_list("venture__team__person_id", "goal_id"):
        goals.setdefault(person_id, [])
        if goal not in goals[person_id]:
            goals[person_id].append(goal)
    focus: dict[int, list[int]] = {}
    for person in people:
        if person.center_id not in focus:
            focus[person.center_id] = list(
                person.center.focus_sdgs.values_list("pk", flat=True)[:3]
            )
    profiles, sdg_rows = [], []
    for i, person in enumerate(people):
        login = person.user.username if person.user_id else ""
        visibility = "center" if login in LISTED_LOGINS else VISIBILITY_CYCLE[i % 7]
        sector = sector_of.get(person.pk, "")
        headline_en, headline_ar = HEADLINES.get(sector, HEADLINES[""])
        expertise = list(person.expertise or [])[:5] or [INTERESTS[(i * 3) % len(INTERESTS)]]
        interests = [INTERESTS[i % len(INTERESTS)], INTERESTS[(i + 4) % len(INTERESTS)]]
        profiles.append(
            NetworkingProfile(
                person=person, visibility=visibility, headline_en=headline_en,
                headline_ar=headline_ar, expertise=expertise, interests=interests,
                open_to_introductions=i % 9 != 8,
            )
        )  # fmt: skip
        sdg_rows.append(goals.get(person.pk) or focus.get(person.center_id) or [])
    NetworkingProfile.objects.bulk_create(profiles)
    through = NetworkingProfile.sdg_goals.through
    through.objects.bulk_create(
        through(networkingprofile_id=p.pk, goal_id=g)
        for p, gs in zip(profiles, sdg_rows, strict=True)
        for g in gs[:3]
    )
    return len(profiles)


def _introductions() -> int:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from markaz.core.models import Center
    from markaz.networking.models import Introduction

    center = Center.objects.filter(slug=DEMO_CENTER).first()
    if center is None or Introduction.objects.filter(center=center).exists():
        return 0
    users = {
        u.username: u
        for u in get_user_model()
        .objects.filter(username__in=LISTED_LOGINS, person__center=center)
        .select_related("person")
    }
    if len(users) < len(LISTED_LOGINS):
        return 0
    p = {name: u.person for name, u in users.items()}
    now = timezone.now()
    days = timedelta(days=1)
    rows = [
        # requester, target, via_staff, state, message (en), requester/target accepted
        ("innovator", "mentor", False, "introduced",
         "I would value advice on water-quality testing for our kiosks.", True, True),
        ("partner", "innovator", False, "accepted_one",
         "We supply solar pumps and are looking for a pilot partner.", True, False),
        ("funder", "innovator", True, "requested",
         "Could the team introduce us? We fund water projects in Zarqa.", True, False),
        ("reviewer", "partner", False, "declined",
         "I am mapping water-technology suppliers in Jordan.", True, False),
        ("mentor", "funder", False, "expired",
         "Would you talk about blended finance for community utilities?", True, False),
    ]  # fmt: skip
    created = []
    for n, (a, b, via_staff, state, message, a_ok, b_ok) in enumerate(rows):
        asked = now - (n + 2) * 7 * days
        created.append(
            Introduction(
                center=center, requester=p[a], target=p[b], via_staff=via_staff,
                broker=users["staff"] if via_staff and state != "requested" else None,
                forwarded_at=asked if via_staff and state != "requested" else None,
                message=message, state=state,
                requester_accepted_at=asked if a_ok else None,
                target_accepted_at=asked + 2 * days if b_ok else None,
                introduced_at=asked + 2 * days if state == "introduced" else None,
                declined_at=asked + 3 * days if state == "declined" else None,
                declined_by=p[b] if state == "declined" else None,
                expires_at=asked + 30 * days if state != "expired" else now - days,
                created_by=users[a],
            )
        )  # fmt: skip
    Introduction.objects.bulk_create(created)
    return len(created)
