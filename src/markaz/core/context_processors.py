"""Navigation for the layout: the user's centers and what each role may open."""

from __future__ import annotations

from markaz.core.i18n import other_language
from markaz.core.plugins import nav_items


def navigation(request):
    scope = getattr(request, "scope", None)
    lang = (getattr(request, "LANGUAGE_CODE", None) or "en")[:2]
    context = {"other_language": other_language(lang), "text_dir": "rtl" if lang == "ar" else "ltr"}
    if scope is None or not scope.is_authenticated:
        return context
    center = getattr(request, "center", None)
    context["my_centers"] = list(scope.centers_qs().only("slug", "name_en", "name_ar"))
    if center is not None:
        context["current_center"] = center
        context["current_roles"] = scope.roles_in(center)
        context["is_center_staff"] = scope.is_staff_of(center)
        context["is_center_admin"] = scope.is_admin_of(center)
        staff = context["is_center_staff"]
        context["app_nav"] = [item for item in nav_items() if item.audience == "member" or staff]
    return context
