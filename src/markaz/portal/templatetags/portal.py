"""`{{ obj|content_lang:"title" }}`: the language a bilingual field is shown in, for `lang=`
(WCAG 3.1.2: English fallback text on an Arabic page is announced as English)."""

from django import template
from django.utils import translation

from markaz.core.i18n import Bilingual

register = template.Library()


@register.filter
def content_lang(obj, field: str) -> str:
    descriptor = getattr(type(obj), field, None)
    if isinstance(descriptor, Bilingual):
        return descriptor.lang_of(obj)
    return (translation.get_language() or "en")[:2]
