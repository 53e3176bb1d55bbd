from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from markaz.core.forms import BilingualFormMixin, https_urls
from markaz.sdg.models import Goal, Target
from markaz.ventures.models import LegalForm, Stage, TeamRole, Venture


class TargetChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        # The code is isolated so "1.a" is not reordered to "a.1" in right-to-left text.
        return f"\u2066{obj.code}\u2069 — {Truncator(obj.title).chars(90)}"


class VentureForm(BilingualFormMixin, forms.ModelForm):
    sdg_goals = forms.ModelMultipleChoiceField(
        label=_("SDG goals"),
        queryset=Goal.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sdg_targets = TargetChoiceField(
        label=_("SDG targets"),
        queryset=Target.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Targets must belong to the goals you chose."),
    )

    class Meta:
        model = Venture
        formfield_callback = https_urls
        fields = [
            "name_en", "name_ar", "problem_en", "problem_ar", "solution_en", "solution_ar",
            "beneficiaries_en", "beneficiaries_ar", "stage", "legal_form", "country", "city",
            "founded_on", "website", "organization", "is_public",
        ]  # fmt: skip
        widgets = {"founded_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        if self.instance.pk:
            self.initial["sdg_goals"] = list(self.instance.sdg_goals.all())
            self.initial["sdg_targets"] = list(self.instance.sdg_targets.all())

    def clean(self):
        cleaned = super().clean()
        goals = {g.pk for g in cleaned.get("sdg_goals") or []}
        stray = [t.code for t in cleaned.get("sdg_targets") or [] if t.goal_id not in goals]
        if stray:
            self.add_error(
                "sdg_targets",
                _("Targets %(codes)s belong to goals not chosen.") % {"codes": ", ".join(stray)},
            )
        return cleaned

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}


class VentureFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("All stages")), *Stage.choices]
    )
    legal_form = forms.ChoiceField(
        label=_("Legal form"),
        required=False,
        choices=[("", _("All legal forms")), *LegalForm.choices],
    )
    sdg = forms.TypedChoiceField(
        label=_("SDG"), required=False, coerce=int, empty_value=None, choices=()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sdg"].choices = [("", _("All SDGs"))] + [
            (g.pk, str(g)) for g in Goal.objects.all()
        ]


class TeamMemberForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=None)
    role = forms.ChoiceField(label=_("Role"), choices=TeamRole.choices)
    can_manage = forms.BooleanField(label=_("Can manage the venture"), required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
