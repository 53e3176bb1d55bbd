"""Demo programs: an incubator and an accelerator of Amal Hub with four calls — one open with a
deadline ahead, one in review, one decided with its cohort, one still a draft — and
applications from the demo ventures.

Written through the programs services (phases, frozen answers, decisions and the audit log are
real); the confirmation and decision emails are not sent while seeding. Idempotent: nothing is
created when the incubator already exists.
"""

from __future__ import annotations

import contextlib
import datetime as dt

CENTER = "amal-hub"
INCUBATOR = ("Amal Social Incubator", "حاضنة أمل الاجتماعية")
ACCELERATOR = ("Green Futures Accelerator", "مسرّعة المستقبل الأخضر")

FORM = [
    # (section, key, kind, label_en, label_ar, extra)
    (0, "problem", "long_text", "What problem do you solve, and for whom?",
     "ما المشكلة التي تحلّونها، ولمن؟", {"required": True, "max_words": 150}),
    (0, "solution", "long_text", "How does your solution work?", "كيف يعمل حلّكم؟",
     {"required": True, "max_words": 200}),
    (0, "sector", "single_choice", "Main sector", "القطاع الرئيسي",
     {"required": True, "choices": [
         {"value": "water", "label_en": "Water", "label_ar": "المياه"},
         {"value": "energy", "label_en": "Energy", "label_ar": "الطاقة"},
         {"value": "education", "label_en": "Education", "label_ar": "التعليم"},
         {"value": "health", "label_en": "Health", "label_ar": "الصحة"}]}),
    (1, "team_size", "number", "People in the team", "عدد أعضاء الفريق",
     {"required": True, "min_value": 1, "max_value": 200}),
    (1, "needs", "multiple_choice", "What support do you need?", "ما الدعم الذي تحتاجونه؟",
     {"choices": [
         {"value": "mentoring", "label_en": "Mentoring", "label_ar": "الإرشاد"},
         {"value": "funding", "label_en": "Funding", "label_ar": "التمويل"},
         {"value": "space", "label_en": "Work space", "label_ar": "مساحة عمل"},
         {"value": "network", "label_en": "Partners", "label_ar": "الشركاء"}]}),
    (1, "website", "url", "Website or social page", "الموقع أو صفحة التواصل", {}),
    (1, "contact", "email", "Contact email", "بريد التواصل", {"required": True}),
]  # fmt: skip
SECTIONS = [("About the venture", "عن المشروع"), ("Team and needs", "الفريق والاحتياجات")]

CALLS = [
    # (program, slug, title_en, title_ar, phase, days to deadline, blind)
    ("incubator", "incubator-2027", "Incubation cohort 2027", "دفعة الاحتضان 2027", "open", 30,
     False),
    ("accelerator", "green-2026", "Green accelerator 2026", "المسرّعة الخضراء 2026",
     "in_review", -10, True),
    ("incubator", "incubator-2026", "Incubation cohort 2026", "دفعة الاحتضان 2026", "decided",
     -120, False),
    ("accelerator", "green-2027", "Green accelerator 2027", "المسرّعة الخضراء 2027", "draft", 90,
     False),
]  # fmt: skip
OUTCOMES = ["accept", "accept", "waitlist", "reject"]


@contextlib.contextmanager
def _no_mail():
    from markaz.programs.services import applications

    original = applications.send_email
    applications.send_email = lambda **kwargs: None
    try:
        yield
    finally:
        applications.send_email = original


def _answers(venture, i: int) -> dict:
    sectors = ["water", "energy", "education", "health"]
    return {
        "problem": venture.problem_en or venture.problem_ar or "Families lack safe water.",
        "solution": venture.solution_en or venture.solution_ar or "Community-run kiosks.",
        "sector": sectors[i % 4],
        "team_size": str(3 + i),
        "needs": ["mentoring", "funding"] if i % 2 else ["space"],
        "website": "https://example.org",
        "contact": f"team{i}@example.org",
    }


def _applicant(venture, staff):
    member = (
        venture.team.filter(can_manage=True, person__user__isnull=False)
        .select_related("person__user")
        .first()
    )
    return member.person.user if member else staff


def seed(center_slugs: list[str]) -> dict[str, int]:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from markaz.core.access import scope_for
    from markaz.core.models import Center
    from markaz.programs import services
    from markaz.programs.models import Program
    from markaz.ventures.models import Venture

    created = {"programs": 0, "calls": 0, "applications": 0}
    center = Center.objects.filter(slug=CENTER).first()
    if center is None or CENTER not in center_slugs:
        return created
    if Program.objects.filter(center=center, title_en=INCUBATOR[0]).exists():
        return created
    staff = get_user_model().objects.filter(username="staff").first()
    if staff is None:
        return created
    scope = scope_for(staff)
    ventures = list(Venture.objects.filter(center=center).exclude(name_en="").order_by("pk")[:12])
    now = timezone.now().replace(second=0, microsecond=0)
    with _no_mail():
        programs = {}
        for key, (en, ar), kind in (
            ("incubator", INCUBATOR, "incubator"),
            ("accelerator", ACCELERATOR, "accelerator"),
        ):
            programs[key] = services.create_program(
                scope=scope,
                center=center,
                data={
                    "kind": kind,
                    "title_en": en,
                    "title_ar": ar,
                    "description_en": "Six months of mentoring, workspace and seed support for "
                    "social ventures of the Levant.",
                    "description_ar": "ستة أشهر من الإرشاد ومساحة العمل والدعم الأولي "
                    "للمشاريع الاجتماعية في المشرق.",
                },
            )
            created["programs"] += 1
        offset = 0
        for program, slug, en, ar, phase, days, blind in CALLS:
            call = services.create_call(
                scope=scope,
                center=center,
                data={
                    "program": programs[program],
                    "slug": slug,
                    "title_en": en,
                    "title_ar": ar,
                    "summary_en": "Apply with a venture that improves daily life in the city.",
                    "summary_ar": "قدّموا بمشروع يحسّن الحياة اليومية في المدينة.",
                    "deadline": now + dt.timedelta(days=max(days, 3)),
                    "blind_review": blind,
                    "eligible_stages": ["idea", "prototype", "pilot"]
                    if program == "incubator"
                    else [],
                    "accept_message_en": "Congratulations: {venture} joins {call}. "
                    "Orientation starts next month.",
                    "accept_message_ar": "مبروك: ينضم {venture} إلى {call}. "
                    "يبدأ التعريف بالبرنامج الشهر القادم.",
                },
            )
            created["calls"] += 1
            sections = [
                services.add_section(
                    scope=scope, call=call, data={"title_en": s_en, "title_ar": s_ar, "position": i}
                )
                for i, (s_en, s_ar) in enumerate(SECTIONS)
            ]
            for pos, (section, key, kind, l_en, l_ar, extra) in enumerate(FORM):
                services.add_form_field(
                    scope=scope,
                    call=call,
                    data={
                        "section": sections[section],
                        "key": key,
                        "kind": kind,
                        "label_en": l_en,
                        "label_ar": l_ar,
                        "position": pos,
                        **extra,
                    },
                )
            if phase == "draft":
                continue
            call = services.change_call_phase(scope=scope, call=call, phase="open")
            batch = ventures[offset : offset + 4]
            offset += 4
            apps = []
            for i, venture in enumerate(batch):
                from markaz.programs.eligibility import reasons

                if reasons(call, venture):
                    continue
                user = _applicant(venture, staff)
                app_scope = scope_for(user)
                app = services.start_application(scope=app_scope, call=call, venture=venture)
                services.save_draft(scope=app_scope, application=app, answers=_answers(venture, i))
                if phase == "open" and i % 2:
                    created["applications"] += 1
                    continue  # a draft still in progress
                apps.append(services.submit_application(scope=app_scope, application=app))
                created["applications"] += 1
            if phase == "open":
                continue
            services.update_call(
                scope=scope, call=call, data={"deadline": now + dt.timedelta(days=days)}
            )
            for step in ("closed", "in_review"):
                call = services.change_call_phase(scope=scope, call=call, phase=step)
            if phase == "decided":
                for app, outcome in zip(apps, OUTCOMES, strict=False):
                    services.decide_application(scope=scope, application=app, outcome=outcome)
                services.change_call_phase(scope=scope, call=call, phase="decided")
    return created
