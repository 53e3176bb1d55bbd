from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key, {})


@register.simple_tag
def lang_of(obj, field: str) -> str:
    """The language a bilingual field is shown in, for the element's `lang` attribute."""
    return type(obj).__dict__[field].lang_of(obj)


@register.filter
def markdown_safe(text: str):
    """Markdown rendered and cleaned (allow-list) the way knowledge entries are."""
    from django.utils.safestring import mark_safe

    from markaz.knowledge.rendering import render_markdown

    return mark_safe(render_markdown(text))  # noqa: S308 - nh3 has cleaned it


@register.simple_tag
def call_url(call, public: bool = False) -> str:
    """The page of a programs call, or "" while the programs app offers no such page."""
    from django.urls import NoReverseMatch, reverse

    try:
        if public:
            return reverse(
                "programs-public-call",
                kwargs={"center_slug": call.center.slug, "call_slug": call.slug},
            )
        return reverse("programs-call-detail", kwargs={"center": call.center.slug, "pk": call.pk})
    except (NoReverseMatch, AttributeError):
        return ""
