from django import template

from markaz.core.i18n import pick
from markaz.programs.formspec import display_value

register = template.Library()


class _Spec:
    def __init__(self, entry: dict):
        self.kind = entry.get("kind")
        self.choices = entry.get("choices") or []


@register.simple_tag
def bilingual(entry: dict, base: str) -> str:
    """`label_en`/`label_ar` of a dict (a frozen question) in the active language."""
    return pick({"en": entry.get(f"{base}_en", ""), "ar": entry.get(f"{base}_ar", "")})


@register.simple_tag
def answer(entry: dict) -> str:
    return display_value(_Spec(entry), entry.get("value"))


@register.filter
def bound(form, key: str):
    """`form|bound:key`: the bound field named by a question's key."""
    return form[key]
