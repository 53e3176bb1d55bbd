"""Bilingual content: paired `<field>_ar` / `<field>_en` columns and one fallback rule.

Fallback rule: the active language's value when it is not blank, otherwise the other
language's value, otherwise "". Templates and APIs read `obj.name` (the descriptor) and
get the right language; forms edit the two columns side by side.
"""

from __future__ import annotations

from django.utils import translation

LANGS = ("ar", "en")


def other_language(lang: str) -> str:
    return "en" if lang == "ar" else "ar"


def pick(values: dict[str, str], lang: str | None = None) -> str:
    lang = (lang or translation.get_language() or "en")[:2]
    if lang not in LANGS:
        lang = "en"
    return values.get(lang) or values.get(other_language(lang)) or ""


class Bilingual:
    """Descriptor: `name = Bilingual("name")` reads `name_ar` / `name_en` with fallback."""

    def __init__(self, base: str):
        self.base = base

    def __set_name__(self, owner, attr):
        self.attr = attr

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return pick({lang: getattr(obj, f"{self.base}_{lang}", "") for lang in LANGS})

    def lang_of(self, obj) -> str:
        """Which language the shown value is in (for a `lang` attribute on the element)."""
        lang = (translation.get_language() or "en")[:2]
        if getattr(obj, f"{self.base}_{lang}", ""):
            return lang
        return other_language(lang)


def bilingual_fields(*bases: str) -> list[str]:
    return [f"{base}_{lang}" for base in bases for lang in LANGS]
