"""Forms of the people directory, the networking profile and introductions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from markaz.core.forms import BilingualFormMixin
from markaz.networking.models import NetworkingProfile
from markaz.networking.services import clean_tags
from markaz.sdg.models import Goal
from markaz.stakeholders.models import Sector


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("Any sector")), *Sector.choices]
    )
    sdg = forms.TypedChoiceField(label=_("SDG"), required=False, coerce=int, empty_value=None)
    expertise = forms.CharField(label=_("Expertise"), required=False, max_length=60)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sdg"].choices = [("", _("Any SDG"))] + [
            (g.pk, str(g)) for g in Goal.objects.all()
        ]


class GraphFilterForm(forms.Form):
    sector = DirectoryFilterForm.base_fields["sector"]
    sdg = forms.TypedChoiceField(label=_("SDG"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sdg"].choices = [("", _("Any SDG"))] + [
            (g.pk, str(g)) for g in Goal.objects.all()
        ]


class TagsField(forms.CharField):
    """Comma-separated tags (Arabic comma too) ↔ a list."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value):
        return clean_tags(super().to_python(value))


class ProfileForm(BilingualFormMixin, forms.ModelForm):
    expertise = TagsField(
        label=_("Expertise"), required=False, help_text=_("Separate topics with commas.")
    )
    interests = TagsField(
        label=_("Interests"), required=False, help_text=_("Separate topics with commas.")
    )

    class Meta:
        model = NetworkingProfile
        fields = [
            "visibility", "headline_en", "headline_ar", "expertise", "interests", "sdg_goals",
            "open_to_introductions",
        ]  # fmt: skip
        widgets = {"visibility": forms.RadioSelect, "sdg_goals": forms.CheckboxSelectMultiple}

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "sdg_goals"}


class IntroductionRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Why would you like to meet?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    via_staff = forms.BooleanField(
        label=_("Ask the center's staff to make the introduction"), required=False
    )


class ProposeForm(forms.Form):
    requester = forms.ModelChoiceField(label=_("First person"), queryset=None)
    target = forms.ModelChoiceField(label=_("Second person"), queryset=None)
    message = forms.CharField(
        label=_("Message to both"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requester"].queryset = people
        self.fields["target"].queryset = people
