"""The demo's impact: an indicator catalog per center, logic models for a few ventures and
six quarters of reports (five verified, the last waiting for verification), so the dashboards
have charts. Written through the services, so revisions, roll-ups and audit entries are real.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

CENTERS = ("amal-hub", "baobab-lab", "nile-innovation-house", "atlas-social-lab")
# code, name_en, name_ar, unit, kind, aggregation, dimensions, SDG targets, IRIS+
INDICATORS = [
    ("PEOPLE-REACHED", "People reached", "الأشخاص الذين تم الوصول إليهم", "people", "count",
     "sum", ["gender"], ["1.4", "6.1"], "PI4060"),
    ("JOBS", "Jobs created", "فرص العمل المستحدثة", "jobs", "count", "sum", ["gender"],
     ["8.5"], "OI8869"),
    ("SATISFACTION", "Beneficiary satisfaction", "رضا المستفيدين", "%", "percentage",
     "weighted_mean", [], ["16.7"], ""),
    ("ACTIVE-CLIENTS", "Active clients", "العملاء النشطون", "clients", "count", "latest", [],
     ["8.3"], "PI4060"),
]  # fmt: skip
DEFINITIONS = (
    "Counted from the venture's own records for the period; each person once.",
    "تُحتسب من سجلات المشروع للفترة؛ يُحتسب كل شخص مرة واحدة.",
)
STEPS = [
    ("activity", "Install and run community water points", "تركيب نقاط مياه مجتمعية وتشغيلها"),
    ("activity", "Train local operators", "تدريب مشغلين محليين"),
    ("output", "Households served with safe water", "أسر تحصل على مياه آمنة"),
    ("outcome", "Fewer water-borne illnesses", "انخفاض الأمراض المنقولة بالمياه"),
    ("outcome", "Income for local operators", "دخل للمشغلين المحليين"),
    ("impact", "Healthier, more resilient neighbourhoods", "أحياء أكثر صحة وقدرة على الصمود"),
]
QUARTERS = [(2025, 1), (2025, 2), (2025, 3), (2025, 4), (2026, 1), (2026, 2)]


def _quarter(year: int, q: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, 3 * (q - 1) + 1, 1)
    end = dt.date(year, 12, 31) if q == 4 else dt.date(year, 3 * q + 1, 1) - dt.timedelta(1)
    return start, end


def seed(center_slugs: list[str]) -> dict[str, int]:
    from markaz.core.access import scope_for
    from markaz.core.models import Center, Membership
    from markaz.impact import services
    from markaz.impact.models import Indicator
    from markaz.sdg.models import Target
    from markaz.ventures.models import Venture

    created = {"impact indicators": 0, "impact reports": 0}
    targets = {t.pk: t for t in Target.objects.all()}
    for slug in [s for s in center_slugs if s in CENTERS]:
        center = Center.objects.filter(slug=slug).first()
        if center is None or Indicator.objects.filter(center=center).exists():
            continue
        staff = (
            Membership.objects.filter(center=center, role__in=["admin", "staff"])
            .order_by("role", "pk")
            .first()
        )
        ventures = list(Venture.objects.filter(center=center).order_by("pk")[:3])
        if staff is None or not ventures:
            continue
        scope = scope_for(staff.user)
        indicators = []
        for code, en, ar, unit, kind, rule, dims, sdgs, iris in INDICATORS:
            indicators.append(services.create_indicator(
                scope=scope, center=center,
                data={"code": code, "name_en": en, "name_ar": ar, "unit": unit, "kind": kind,
                      "aggregation": rule, "dimensions": dims, "iris_code": iris,
                      "definition_en": DEFINITIONS[0], "definition_ar": DEFINITIONS[1]},
                sdg_targets=[targets[c] for c in sdgs if c in targets],
            ))  # fmt: skip
            created["impact indicators"] += 1
        periods = []
        for year, q in QUARTERS:
            start, end = _quarter(year, q)
            periods.append(services.create_period(scope=scope, center=center, data={
                "frequency": "quarterly", "starts_on": start, "ends_on": end,
                "due_on": end + dt.timedelta(days=30), "is_open": True,
            }))  # fmt: skip
        for n, venture in enumerate(ventures):
            created["impact reports"] += _seed_venture(
                services, scope, venture, indicators, periods, n
            )
    return created


def _seed_venture(services, scope, venture, indicators, periods, n: int) -> int:
    if n < 2:
        steps = {}
        for position, (level, en, ar) in enumerate(STEPS, start=1):
            steps[en] = services.add_step(scope=scope, venture=venture, data={
                "level": level, "position": position, "text_en": en, "text_ar": ar,
            })  # fmt: skip
    else:
        steps = {}
    attached = {}
    for ind in indicators:
        step = steps.get("Households served with safe water" if ind.code == "PEOPLE-REACHED"
                         else "Income for local operators")  # fmt: skip
        attached[ind.code] = services.attach_indicator(scope=scope, venture=venture, data={
            "indicator": ind, "step": step if ind.code in ("PEOPLE-REACHED", "JOBS") else None,
            "baseline": Decimal(0) if ind.kind == "count" else Decimal(60),
            "baseline_on": dt.date(2024, 12, 31),
        })  # fmt: skip
    scale = 1 + n
    reports = 0
    for i, period in enumerate(periods):
        people = 120 * scale + 45 * i * scale
        women = people * 55 // 100
        jobs = 2 * scale + i
        values = [
            {"indicator": "PEOPLE-REACHED", "value": people},
            {"indicator": "PEOPLE-REACHED", "dimension": "gender", "category": "female",
             "value": women},
            {"indicator": "PEOPLE-REACHED", "dimension": "gender", "category": "male",
             "value": people - women},
            {"indicator": "JOBS", "value": jobs},
            {"indicator": "SATISFACTION", "value": 70 + 3 * i - n, "weight": 20 + 5 * i},
            {"indicator": "ACTIVE-CLIENTS", "value": 80 * scale + 30 * i},
        ]  # fmt: skip
        services.set_target(scope=scope, venture_indicator=attached["PEOPLE-REACHED"],
                            period=period, value=Decimal(130 * scale + 50 * i))  # fmt: skip
        ids = [f"{venture.pk}-{k}" for k in range(i * 3, i * 3 + 6)]
        report = services.submit_report(
            scope=scope, venture=venture, period=period, values=values, beneficiaries=ids
        )
        reports += 1
        if i < len(periods) - 1:
            services.review_report(scope=scope, report=report, decision="verify")
    if n == 0:
        services.create_sroi(scope=scope, venture=venture, data={
            "title_en": "SROI of the water kiosks pilot",
            "title_ar": "العائد الاجتماعي لتجربة أكشاك المياه",
            "currency": "USD", "inputs": Decimal(24000), "discount_rate": Decimal("0.035"),
        }, outcomes=[
            {"name_en": "Avoided medical costs", "name_ar": "تكاليف علاج تم تجنبها",
             "quantity": Decimal(400), "proxy": Decimal(45),
             "proxy_source": "Ministry of Health tariffs",
             "deadweight": Decimal("0.2"), "attribution": Decimal("0.3"),
             "displacement": Decimal("0"), "drop_off": Decimal("0.25"), "years": 3},
            {"name_en": "Operator income", "name_ar": "دخل المشغلين",
             "quantity": Decimal(6), "proxy": Decimal(2400), "proxy_source": "Venture payroll",
             "deadweight": Decimal("0.1"), "attribution": Decimal("0.2"),
             "displacement": Decimal("0.05"), "drop_off": Decimal("0.3"), "years": 2},
        ])  # fmt: skip
    return reports
