"""Forms of the review pages; the rules themselves stay in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from markaz.core.forms import BilingualFormMixin
from markaz.review.models import Round, RoundStatus, Rubric
from markaz.sdg.models import Goal

DATE = forms.DateInput(attrs={"type": "date"})


class RubricForm(BilingualFormMixin, forms.ModelForm):
    class Meta:
        model = Rubric
        fields = ["call", "name_en", "name_ar", "scale_min", "scale_max"]

    def __init__(self, *args, calls, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = calls

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class CriterionForm(BilingualFormMixin, forms.Form):
    name_en = forms.CharField(label=_("Criterion (English)"), max_length=200, required=False)
    name_ar = forms.CharField(label=_("Criterion (Arabic)"), max_length=200, required=False)
    weight = forms.DecimalField(label=_("Weight"), min_value=0.01, max_digits=6, initial=1)
    description_en = forms.CharField(
        label=_("What it means (English)"), required=False, widget=forms.Textarea
    )
    description_ar = forms.CharField(
        label=_("What it means (Arabic)"), required=False, widget=forms.Textarea
    )
    levels_en = forms.CharField(
        label=_("Levels (English)"),
        required=False,
        widget=forms.Textarea,
        help_text=_("One line per score, from the lowest to the highest."),
    )
    levels_ar = forms.CharField(
        label=_("Levels (Arabic)"),
        required=False,
        widget=forms.Textarea,
        help_text=_("One line per score, from the lowest to the highest."),
    )

    def clean(self):
        # An empty row of the formset is skipped, not an error.
        data = forms.Form.clean(self)
        unnamed = not (data.get("name_en") or "").strip() and not (data.get("name_ar") or "")
        if unnamed and any((data.get(f) or "") for f in ("description_en", "description_ar")):
            raise forms.ValidationError(_("Give a name in Arabic or English (or both)."))
        return data

    def as_criterion(self, scale: range) -> dict | None:
        d = self.cleaned_data
        if not (d.get("name_en") or d.get("name_ar")):
            return None
        en = [line.strip() for line in (d.get("levels_en") or "").splitlines() if line.strip()]
        ar = [line.strip() for line in (d.get("levels_ar") or "").splitlines() if line.strip()]
        levels = [
            {
                "value": value,
                "description_en": en[i] if i < len(en) else "",
                "description_ar": ar[i] if i < len(ar) else "",
            }
            for i, value in enumerate(scale)
            if i < max(len(en), len(ar))
        ]
        return {
            "name_en": d.get("name_en", ""),
            "name_ar": d.get("name_ar", ""),
            "description_en": d.get("description_en", ""),
            "description_ar": d.get("description_ar", ""),
            "weight": d["weight"],
            "levels": levels,
        }


CriterionFormSet = forms.formset_factory(CriterionForm, extra=4, max_num=20)


class RoundForm(BilingualFormMixin, forms.ModelForm):
    class Meta:
        model = Round
        fields = [
            "call", "name_en", "name_ar", "rubric", "reviewers_per_application", "due_on",
            "normalize",
        ]  # fmt: skip
        widgets = {"due_on": DATE}

    def __init__(self, *args, calls, rubrics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = calls
        self.fields["rubric"].queryset = rubrics

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


def _goal_choices():
    return [(g.number, f"{g.number} · {g.short}") for g in Goal.objects.all()]


class PoolMemberForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=None)
    expertise = forms.TypedMultipleChoiceField(
        label=_("Expertise (SDGs)"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Applications on these goals are preferred for this reviewer."),
    )
    capacity = forms.IntegerField(
        label=_("Maximum load"),
        min_value=0,
        required=False,
        help_text=_("Leave empty for no limit."),
    )

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers
        self.fields["reviewer"].label_from_instance = lambda u: str(
            getattr(u, "person", None) or u.username
        )
        self.fields["expertise"].choices = _goal_choices()


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=RoundStatus.choices)


class ShortlistForm(forms.Form):
    top = forms.IntegerField(label=_("Advance the top"), min_value=1, required=False)
    applications = forms.TypedMultipleChoiceField(
        label=_("Or choose applications"), coerce=int, required=False
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].choices = list(choices)


class RecuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Your relationship with the applicant"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RelationshipForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=None)
    reason = forms.CharField(
        label=_("Your relationship with it"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


class ScoreForm(forms.Form):
    """One radio group per criterion, each level labelled with its description."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Read by the center's staff only, unless you share it below."),
    )
    comment_shared = forms.BooleanField(
        label=_("Share this comment with the applicant"), required=False
    )

    def __init__(self, *args, criteria, scale, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        fields = {}
        for c in criteria:
            described = {lv.value: lv.description for lv in c.levels.all()}
            choices = [(v, f"{v} · {described[v]}" if described.get(v) else str(v)) for v in scale]
            fields[f"criterion_{c.pk}"] = forms.TypedChoiceField(
                label=c.name,
                help_text=c.description,
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
            )
        self.fields = {**fields, **self.fields}

    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"criterion_{c.pk}"] for c in self.criteria}
