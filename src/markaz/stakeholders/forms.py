from django import forms
from django.utils.translation import gettext_lazy as _

from markaz.core.forms import BilingualFormMixin, https_urls
from markaz.core.uploads import DOCUMENTS, validate_upload
from markaz.stakeholders.models import Affiliation, Organization, Partnership, Person, Sector


class OrganizationForm(BilingualFormMixin, forms.ModelForm):
    class Meta:
        model = Organization
        formfield_callback = https_urls
        fields = [
            "name_en", "name_ar", "sector", "country", "website", "description_en",
            "description_ar",
        ]  # fmt: skip


class OrganizationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices]
    )


class PartnershipForm(forms.ModelForm):
    class Meta:
        model = Partnership
        fields = ["organization", "kind", "starts_on", "ends_on", "mou", "notes"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["mou"].help_text = _("PDF or an office document.")

    def clean_mou(self):
        mou = self.cleaned_data.get("mou")
        if mou and hasattr(mou, "content_type"):
            validate_upload(mou, DOCUMENTS)
        return mou


def _tag_list(value: str) -> list[str]:
    return [t.strip() for t in value.split(",") if t.strip()][:30]


class PersonForm(BilingualFormMixin, forms.ModelForm):
    languages_text = forms.CharField(
        label=_("Languages"),
        required=False,
        help_text=_("Language codes separated by commas, e.g. ar, en, fr."),
    )
    expertise_text = forms.CharField(
        label=_("Expertise"), required=False, help_text=_("Separate areas with commas.")
    )

    class Meta:
        model = Person
        fields = [
            "name_en", "name_ar", "email", "phone", "country", "city", "bio_en", "bio_ar",
            "contact_channel",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["languages_text"] = ", ".join(self.instance.languages or [])
            self.initial["expertise_text"] = ", ".join(self.instance.expertise or [])

    def clean_languages_text(self):
        codes = [c.lower() for c in _tag_list(self.cleaned_data["languages_text"])]
        bad = [c for c in codes if not (2 <= len(c) <= 3 and c.isalpha() and c.isascii())]
        if bad:
            raise forms.ValidationError(
                _("Not a language code: %(codes)s") % {"codes": ", ".join(bad)}
            )
        return codes

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}
        data["languages"] = self.cleaned_data.get("languages_text", [])
        data["expertise"] = _tag_list(self.cleaned_data.get("expertise_text", ""))
        return data


class PersonFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)


class AffiliationForm(forms.ModelForm):
    class Meta:
        model = Affiliation
        fields = ["organization", "title", "starts_on", "ends_on"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
