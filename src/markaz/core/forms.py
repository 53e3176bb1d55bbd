"""Form helpers: bilingual inputs carry their own `lang` and `dir`, errors are translated."""

from __future__ import annotations

from zoneinfo import available_timezones

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from markaz.core.models import Center, Role
from markaz.core.uploads import IMAGES, validate_upload


def https_urls(db_field, **kwargs):
    """ModelForm field factory: URL inputs without a scheme mean https://, not http://."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class BilingualFormMixin:
    """Arabic inputs are right-to-left and English ones left-to-right, whatever the page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name.endswith("_ar"):
                field.widget.attrs.update({"lang": "ar", "dir": "rtl"})
            elif name.endswith("_en"):
                field.widget.attrs.update({"lang": "en", "dir": "ltr"})
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.setdefault("rows", 4)

    def clean(self):
        cleaned = super().clean()
        has_pair = "name_en" in self.fields and "name_ar" in self.fields
        if has_pair and not any((cleaned.get(f) or "").strip() for f in ("name_en", "name_ar")):
            raise forms.ValidationError(_("Give a name in Arabic or English (or both)."))
        return cleaned


class CenterForm(BilingualFormMixin, forms.ModelForm):
    class Meta:
        model = Center
        formfield_callback = https_urls
        fields = [
            "name_en", "name_ar", "description_en", "description_ar", "country", "city_en",
            "city_ar", "region", "kind", "founded_year", "focus_sdgs", "contact_email",
            "contact_phone", "website", "timezone", "logo",
        ]  # fmt: skip
        widgets = {"focus_sdgs": forms.CheckboxSelectMultiple}
        help_texts = {"logo": _("PNG, JPEG or WebP.")}

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):  # a new upload, not the stored file
            validate_upload(logo, IMAGES)
        return logo

    def clean_timezone(self):
        value = self.cleaned_data["timezone"]
        if value not in available_timezones():
            raise forms.ValidationError(_("Choose a time zone such as Asia/Amman."))
        return value


class MembershipForm(forms.Form):
    user = forms.CharField(label=_("Username or email"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def clean_user(self):
        from markaz.core.selectors import find_user

        user = find_user(self.cleaned_data["user"])
        if user is None:
            raise forms.ValidationError(_("No user with this username or email."))
        return user


class AuditFilterForm(forms.Form):
    action = forms.CharField(label=_("Action"), required=False)
    actor = forms.CharField(label=_("Actor"), required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
