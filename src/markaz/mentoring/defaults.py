"""The shipped default expertise areas (a center adds its own beside them)."""

from __future__ import annotations

DEFAULT_AREAS: tuple[tuple[str, str, str], ...] = (
    ("business-model", "Business model", "نموذج العمل"),
    ("fundraising", "Fundraising and investment", "جمع التمويل والاستثمار"),
    ("impact-measurement", "Impact measurement", "قياس الأثر"),
    ("marketing", "Marketing and communication", "التسويق والتواصل"),
    ("finance", "Financial management", "الإدارة المالية"),
    ("legal", "Legal and registration", "الشؤون القانونية والتسجيل"),
    ("product", "Product and technology", "المنتج والتقنية"),
    ("operations", "Operations and supply chain", "العمليات وسلسلة الإمداد"),
    ("partnerships", "Partnerships and government", "الشراكات والعلاقات الحكومية"),
    ("leadership", "Leadership and team", "القيادة وبناء الفريق"),
    ("pitching", "Pitching and storytelling", "العرض وسرد القصة"),
    ("community", "Community engagement", "إشراك المجتمع"),
)


def load_default_areas(area_model) -> int:
    """Create the missing default areas; returns how many were created."""
    existing = set(area_model.objects.filter(center=None).values_list("code", flat=True))
    new = [
        area_model(center=None, code=code, name_en=en, name_ar=ar)
        for code, en, ar in DEFAULT_AREAS
        if code not in existing
    ]
    area_model.objects.bulk_create(new)
    return len(new)
