"""The demo's funding: one fund of a philanthropy in Amman, awards with milestones, one paid.

Written through the funding services, so the ledger, balances and audit log are real.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

CENTER = "amal-hub"
AWARDS = [
    # (amount, kind, title_en, title_ar, tranches, publishable)
    ("24000.00", "grant", "Pilot grant for safe water", "منحة تجريبية للمياه الآمنة",
     ("10000.00", "14000.00"), True),
    ("15000.00", "prize", "Community innovation prize", "جائزة الابتكار المجتمعي",
     ("15000.00",), True),
    ("30000.00", "recoverable_grant", "Scale-up recoverable grant", "منحة مستردة للتوسع",
     ("12000.00", "18000.00"), False),
]  # fmt: skip
MILESTONES = [
    ("Pilot running in two neighbourhoods, with usage data",
     "تشغيل التجربة في حيّين مع بيانات الاستخدام"),
    ("Independent evaluation of results and a plan for scale",
     "تقييم مستقل للنتائج وخطة للتوسع"),
]  # fmt: skip


def seed_funding() -> int:
    """Create the demo fund and awards once; returns how many awards were created."""
    from django.contrib.auth import get_user_model

    from markaz.core.access import scope_for
    from markaz.core.models import Center
    from markaz.funding import services
    from markaz.funding.models import Fund
    from markaz.stakeholders.models import Organization
    from markaz.stakeholders.services import add_affiliation
    from markaz.ventures.models import Venture

    center = Center.objects.filter(slug=CENTER).first()
    if center is None or Fund.objects.filter(center=center).exists():
        return 0
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=["staff", "admin", "innovator", "funder"])}  # fmt: skip
    funder_org = Organization.objects.filter(center=center, sector="philanthropy").first()
    if funder_org is None or len(users) < 4:
        return 0
    maker, checker = scope_for(users["staff"]), scope_for(users["admin"])
    add_affiliation(
        scope=maker,
        person=users["funder"].person,
        data={"organization": funder_org, "title": "Programme officer"},
    )
    fund = services.create_fund(
        scope=maker,
        center=center,
        data={
            "name_en": "Levant Water and Livelihoods Fund",
            "name_ar": "صندوق المشرق للمياه وسبل العيش",
            "funder": funder_org,
            "amount": Decimal("250000.00"),
            "currency": "USD",
            "starts_on": dt.date(2026, 1, 1),
            "ends_on": dt.date(2027, 12, 31),
        },
    )
    own = list(Venture.objects.filter(center=center, team__person__user=users["innovator"]))
    others = list(Venture.objects.filter(center=center, is_public=True).exclude(
        pk__in=[v.pk for v in own]).order_by("pk")[:2])  # fmt: skip
    created = 0
    for venture, spec in zip([*own, *others], AWARDS, strict=False):
        amount, kind, title_en, title_ar, tranches, publishable = spec
        award = services.create_award(
            scope=maker,
            center=center,
            data={
                "fund": fund, "venture": venture, "kind": kind, "title_en": title_en,
                "title_ar": title_ar, "amount": Decimal(amount), "currency": "USD",
                "awarded_on": dt.date(2026, 3, 1), "is_publishable": publishable,
            },
        )  # fmt: skip
        for position, tranche in enumerate(tranches, start=1):
            en, ar = MILESTONES[position - 1]
            services.add_milestone(
                scope=maker,
                award=award,
                data={
                    "position": position, "description_en": en, "description_ar": ar,
                    "evidence_required_en": "Photos, usage data and receipts",
                    "evidence_required_ar": "صور وبيانات الاستخدام والإيصالات",
                    "due_on": dt.date(2026, 6 * position, 1), "tranche_amount": Decimal(tranche),
                },
            )  # fmt: skip
        created += 1
    _pay_first_tranche(own, maker, checker, users["innovator"])
    return created


def _pay_first_tranche(ventures, maker, checker, innovator) -> None:
    """The innovator's first award has its first tranche paid, through maker and checker."""
    from markaz.core.access import scope_for
    from markaz.funding import services

    award = ventures[0].awards.first() if ventures else None
    if award is None:
        return
    milestone = award.milestones.get(position=1)
    services.submit_evidence(
        scope=scope_for(innovator),
        milestone=milestone,
        text="Both kiosks run daily; 1,240 households used them in May.",
    )
    services.review_milestone(scope=maker, milestone=milestone, accept=True)
    services.prepare_payment(
        scope=maker,
        milestone=milestone,
        method="bank_transfer",
        reference="AMAL-2026-0042",
        paid_on=dt.date(2026, 6, 15),
    )
    services.approve_payment(scope=checker, milestone=milestone)
