"""The demo's review: a rubric, a screening round with three reviewers (the `reviewer` login
and two colleagues), assignments solved by the min-cost flow, some scores, and an empty pitch
round waiting for the shortlist, on the call the programs demo left in review."""

from __future__ import annotations

import hashlib

CENTER = "amal-hub"
CALL_SLUG = "green-2026"
SCALE = [
    ("Weak", "ضعيف"), ("Limited", "محدود"), ("Adequate", "مقبول"), ("Strong", "قوي"),
    ("Outstanding", "متميز"),
]  # fmt: skip
CRITERIA = [
    # (name_en, name_ar, weight, description_en, description_ar)
    ("Social impact", "الأثر الاجتماعي", 3, "How many people benefit, and how deeply.",
     "عدد المستفيدين وعمق الأثر في حياتهم."),
    ("Feasibility", "قابلية التنفيذ", 2, "Can the team deliver the plan with what it has?",
     "هل يستطيع الفريق تنفيذ الخطة بموارده الحالية؟"),
    ("Team", "الفريق", 2, "Skills, commitment and roots in the community.",
     "المهارات والالتزام والارتباط بالمجتمع."),
    ("Sustainability", "الاستدامة", 1, "Will it last once the program ends?",
     "هل يستمر المشروع بعد انتهاء البرنامج؟"),
]  # fmt: skip
COLLEAGUES = [
    ("reviewer.nadia", "Nadia Haddad", "نادية حداد", [6, 7, 13]),
    ("reviewer.omar", "Omar Khalil", "عمر خليل", [4, 8, 10]),
]


def _score(*parts) -> int:
    digest = hashlib.sha256(":".join(str(p) for p in parts).encode()).digest()
    return 2 + digest[0] % 4  # 2..5


def _reviewers(center) -> list:
    from django.contrib.auth import get_user_model

    from markaz.core.models import Membership
    from markaz.stakeholders.models import Person

    users = []
    demo = get_user_model().objects.filter(username="reviewer").first()
    if demo is not None:
        users.append((demo, [6, 11]))
    for username, en, ar, goals in COLLEAGUES:
        user, made = get_user_model().objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@demo.markaz.example", "first_name": en.split()[0]},
        )
        if made:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(user=user, center=center, role="reviewer")
        if not Person.objects.filter(user=user).exists():
            Person.objects.create(
                center=center, user=user, name_en=en, name_ar=ar, email=user.email,
                expertise=["evaluation"], languages=["ar", "en"],
            )  # fmt: skip
        users.append((user, goals))
    return users


def seed(center_slugs: list[str]) -> dict[str, int]:
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from markaz.core.access import scope_for
    from markaz.core.models import Center
    from markaz.programs.models import Call
    from markaz.review import services
    from markaz.review.models import Assignment, Rubric

    created = {"rubrics": 0, "review_rounds": 0, "review_assignments": 0, "reviews": 0}
    if CENTER not in center_slugs:
        return created
    center = Center.objects.filter(slug=CENTER).first()
    call = Call.objects.filter(center=center, slug=CALL_SLUG).first() if center else None
    staff = get_user_model().objects.filter(username="staff").first()
    if call is None or staff is None or Rubric.objects.filter(call=call).exists():
        return created
    scope = scope_for(staff)
    rubric = services.create_rubric(
        scope=scope,
        center=center,
        data={
            "call": call,
            "name_en": "Green accelerator rubric",
            "name_ar": "معايير المسرّعة الخضراء",
        },
        criteria=[
            {
                "name_en": en, "name_ar": ar, "weight": weight,
                "description_en": d_en, "description_ar": d_ar,
                "levels": [
                    {"value": v, "description_en": l_en, "description_ar": l_ar}
                    for v, (l_en, l_ar) in enumerate(SCALE, start=1)
                ],
            }
            for en, ar, weight, d_en, d_ar in CRITERIA
        ],
    )  # fmt: skip
    created["rubrics"] = 1
    today = timezone.localdate()
    screening = services.create_round(
        scope=scope,
        center=center,
        data={
            "call": call, "rubric": rubric, "name_en": "Screening", "name_ar": "الفرز الأولي",
            "reviewers_per_application": 2, "due_on": today + dt.timedelta(days=7),
        },
    )  # fmt: skip
    services.create_round(
        scope=scope,
        center=center,
        data={
            "call": call, "rubric": rubric, "name_en": "Pitch", "name_ar": "العرض أمام اللجنة",
            "reviewers_per_application": 3, "due_on": today + dt.timedelta(days=21),
        },
    )  # fmt: skip
    created["review_rounds"] = 2
    for user, goals in _reviewers(center):
        services.add_reviewer(scope=scope, round=screening, reviewer=user, expertise=goals)
    services.set_round_status(scope=scope, round=screening, status="open")
    outcome = services.assign_reviewers(scope=scope, round=screening)
    created["review_assignments"] = outcome.created
    criteria = list(rubric.criteria.order_by("position"))
    # The two colleagues have scored; the demo `reviewer` still has work to do (one done).
    done_by_demo = 0
    for a in Assignment.objects.filter(round=screening).select_related("reviewer").order_by("pk"):
        if a.reviewer.username == "reviewer":
            if done_by_demo:
                continue
            done_by_demo += 1
        services.submit_review(
            scope=scope_for(a.reviewer),
            assignment=a,
            scores={c.pk: _score(a.application_id, a.reviewer_id, c.pk) for c in criteria},
            comment="Promising pilot; the budget needs detail."
            if a.pk % 2
            else "خطة واضحة، ونحتاج إلى بيانات أكثر عن المستفيدين.",
            comment_shared=bool(a.pk % 2),
        )
        created["reviews"] += 1
    return created
