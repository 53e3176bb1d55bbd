"""The demo's mentoring at Amal Hub: mentor profiles (the mentor login and people of the
center), the ventures' needs, a published spring round (solved by the engine, through the
services), and a few past sessions with notes and feedback. Idempotent; no email is sent."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

CENTER = "amal-hub"
ROUND_EN, ROUND_AR = "Spring 2026 cohort", "دفعة ربيع 2026"
EVENINGS = [[d, 17 * 60, 21 * 60] for d in (0, 1, 2, 3)]  # Mon–Thu 17:00–21:00, Amman
MORNINGS = [[d, 9 * 60, 13 * 60] for d in (6, 0, 2)]  # Sun, Mon, Wed mornings
# (areas, sectors, SDG numbers, bio_en, bio_ar, windows)
MENTORS = [
    (["business-model", "fundraising", "pitching"], ["technology", "education"], [4, 8],
     "Founded two software companies; mentors teams on business models and fundraising.",
     "أسّس شركتين للبرمجيات ويرشد الفرق في نماذج العمل وجمع التمويل.", EVENINGS),
    (["impact-measurement", "partnerships", "community"], ["water", "health"], [3, 6],
     "Fifteen years in water programmes with municipalities and NGOs.",
     "خمسة عشر عامًا في برامج المياه مع البلديات والمنظمات الأهلية.", MORNINGS),
    (["finance", "operations", "legal"], ["finance", "agriculture", "employment"], [1, 2, 8],
     "Chartered accountant who helps young enterprises get their books and contracts in order.",
     "محاسبة قانونية تساعد المؤسسات الناشئة على تنظيم حساباتها وعقودها.", EVENINGS + MORNINGS),
    (["marketing", "product", "leadership"], ["culture", "technology", "energy"], [7, 9, 13],
     "Product lead at a regional tech company; coaches teams on users and growth.",
     "قائدة منتجات في شركة تقنية إقليمية، تدرّب الفرق على فهم المستخدمين والنمو.", EVENINGS),
]  # fmt: skip
NEEDS = [
    (["fundraising", "impact-measurement"], ["water"],
     "Prepare a pitch for a first impact investor.", "التحضير لعرض أمام أول مستثمر مؤثر."),
    (["business-model", "finance"], ["water", "environment"],
     "Find a pricing model households can afford.", "إيجاد نموذج تسعير تقدر عليه الأسر."),
    (["marketing", "partnerships"], ["education"],
     "Sign two schools as paying partners.", "التعاقد مع مدرستين كشريكين يدفعان."),
    (["operations", "legal"], ["agriculture", "employment"],
     "Register the cooperative and hire a manager.", "تسجيل التعاونية وتوظيف مدير."),
    (["product", "pitching"], ["technology", "health"],
     "Ship the first app release to 100 users.", "إطلاق أول نسخة من التطبيق لمئة مستخدم."),
]  # fmt: skip
FEEDBACK = [
    (5, "Clear next steps and a useful investor list.", "Focused team, well prepared."),
    (4, "Good questions on pricing; we need more numbers.", "Good progress since last time."),
]


@contextmanager
def _no_mail():
    from markaz.mentoring import emails

    saved = emails.send_email
    emails.send_email = lambda **kwargs: None
    try:
        yield
    finally:
        emails.send_email = saved


def _areas(codes):
    from markaz.mentoring.models import ExpertiseArea

    return list(ExpertiseArea.objects.filter(center__isnull=True, code__in=codes))


def _goals(numbers):
    from markaz.sdg.models import Goal

    return list(Goal.objects.filter(number__in=numbers))


def seed(center_slugs: list[str]) -> dict[str, int]:
    from django.contrib.auth import get_user_model

    from markaz.core.access import scope_for
    from markaz.core.models import Center
    from markaz.mentoring import availability, services, services_pairs
    from markaz.mentoring import permissions as perms
    from markaz.mentoring.defaults import load_default_areas
    from markaz.mentoring.models import ExpertiseArea, MatchRound, MentorProfile
    from markaz.stakeholders.models import Person
    from markaz.ventures.models import Venture

    counts = {"mentor profiles": 0, "mentee needs": 0, "match rounds": 0, "mentorships": 0,
              "mentoring sessions": 0}  # fmt: skip
    center = Center.objects.filter(slug=CENTER).first()
    if CENTER not in center_slugs or center is None:
        return counts
    if MatchRound.objects.filter(center=center, name_en=ROUND_EN).exists():
        return counts
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=["staff", "mentor", "innovator"])}  # fmt: skip
    if len(users) < 3:
        return counts
    load_default_areas(ExpertiseArea)
    staff = scope_for(users["staff"])
    with _no_mail():
        # Mentors: the mentor login, and people of the center without a login.
        owners = [("user", users["mentor"])] + [
            ("person", p)
            for p in Person.objects.filter(center=center, user__isnull=True)
            .exclude(email="")
            .order_by("pk")[: len(MENTORS) - 1]
        ]
        profiles = []
        for (kind, owner), spec in zip(owners, MENTORS, strict=False):
            areas, sectors, sdgs, bio_en, bio_ar, windows = spec
            data = {"sectors": sectors, "languages": ["ar", "en"], "countries": ["JO"],
                    "capacity": 2, "timezone": "Asia/Amman", "availability": windows,
                    "bio_en": bio_en, "bio_ar": bio_ar}  # fmt: skip
            if kind == "user":
                profile = services.save_mentor_profile(
                    scope=scope_for(owner), center=center, data=data,
                    expertise=_areas(areas), sdg_goals=_goals(sdgs),
                )  # fmt: skip
            elif MentorProfile.objects.filter(person=owner).exists():
                continue
            else:
                profile = services.save_mentor_profile(
                    scope=staff, center=center, person=owner, data=data,
                    expertise=_areas(areas), sdg_goals=_goals(sdgs),
                )  # fmt: skip
            profiles.append(profile)
        counts["mentor profiles"] = len(profiles)
        own = list(Venture.objects.filter(center=center, team__person__user=users["innovator"]))
        others = list(Venture.objects.filter(center=center, is_public=True).exclude(
            pk__in=[v.pk for v in own]).order_by("pk")[: len(NEEDS) - len(own)])  # fmt: skip
        ventures = [*own, *others][: len(NEEDS)]
        for venture, (areas, sectors, goals_en, goals_ar) in zip(ventures, NEEDS, strict=False):
            services.save_mentee_needs(
                scope=staff, venture=venture, areas=_areas(areas),
                data={"sectors": sectors, "languages": ["ar"], "format": "either",
                      "goals_en": goals_en, "goals_ar": goals_ar, "timezone": "Asia/Amman",
                      "availability": EVENINGS + MORNINGS},
            )  # fmt: skip
            counts["mentee needs"] += 1
        match_round = services.create_round(
            scope=staff, center=center, ventures=ventures, mentors=profiles,
            data={"name_en": ROUND_EN, "name_ar": ROUND_AR, "mode": "optimal"},
        )  # fmt: skip
        counts["match rounds"] = 1
        services.solve_round(scope=staff, match_round=match_round)
        made = services.publish_round(scope=staff, match_round=match_round)
        counts["mentorships"] = len(made)
        # Two past sessions for each mentorship, with notes and feedback.
        today = dt.datetime.now(dt.UTC).date()
        last_monday = today - dt.timedelta(days=today.weekday() + 7)
        for mentorship in made:
            member = mentorship.venture.team.filter(person__user__isnull=False).first()
            mentee_user = member.person.user if member else None
            if (
                mentee_user is not None
                and perms.side_of(scope_for(mentee_user), mentorship) is None
            ):
                mentee_user = None  # a team member without a role in the center
            needs = mentorship.venture.mentee_needs
            spans = availability.common_spans(
                (mentorship.mentor.availability, mentorship.mentor.timezone),
                (needs.availability, needs.timezone),
                dt.datetime.combine(last_monday - dt.timedelta(days=14), dt.time(), dt.UTC),
                dt.datetime.combine(last_monday + dt.timedelta(days=7), dt.time(), dt.UTC),
            )
            starts_list = [spans[0][0]] if spans else []
            later = [
                a for a, _b in spans if starts_list and a - starts_list[0] >= dt.timedelta(days=5)
            ]
            starts_list += later[:1]
            for starts, (rating, mentee_says, mentor_says) in zip(
                starts_list, FEEDBACK, strict=False
            ):
                session = services_pairs.schedule_session(
                    scope=staff, mentorship=mentorship,
                    data={"starts_at": starts, "minutes": 60, "format": "online",
                          "location": "https://meet.example.org/amal-mentoring"},
                )  # fmt: skip
                services_pairs.set_session_status(scope=staff, session=session, status="held")
                services_pairs.add_session_note(
                    scope=staff, session=session, text="Agreed next steps: " + mentee_says
                )
                if mentee_user is not None:
                    services_pairs.give_feedback(
                        scope=scope_for(mentee_user), session=session, rating=rating,
                        comment=mentee_says,
                    )  # fmt: skip
                mentor_user = mentorship.mentor.user
                if mentor_user is not None:
                    services_pairs.give_feedback(
                        scope=scope_for(mentor_user), session=session, rating=5,
                        comment=mentor_says,
                    )  # fmt: skip
                counts["mentoring sessions"] += 1
    return counts
