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


class RubricEditForm(BilingualFormMixin, forms.ModelForm):
    """A rubric's names and scale; the scale is fixed once reviewers have scored."""

    class Meta:
        model = Rubric
        fields = ["name_en", "name_ar", "scale_min", "scale_max"]

    def __init__(self, *args, scored: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if scored:
            for name in ("scale_min", "scale_max"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Fixed: reviewers have scored on this scale.")

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class CriterionForm(BilingualFormMixin, forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
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
        if not (d.get("name_en") or d.get("name_ar") or d.get("id")):
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
        item = {
            "name_en": d.get("name_en", ""),
            "name_ar": d.get("name_ar", ""),
            "description_en": d.get("description_en", ""),
            "description_ar": d.get("description_ar", ""),
            "weight": d["weight"],
            "levels": levels,
        }
        if d.get("id"):
            item["id"] = d["id"]
        return item

    @staticmethod
    def initial_for(criterion) -> dict:
        levels = list(criterion.levels.all())
        return {
            "id": criterion.pk,
            "name_en": criterion.name_en,
            "name_ar": criterion.name_ar,
            "weight": criterion.weight,
            "description_en": criterion.description_en,
            "description_ar": criterion.description_ar,
            "levels_en": "\n".join(lv.description_en for lv in levels),
            "levels_ar": "\n".join(lv.description_ar for lv in levels),
        }


CriterionFormSet = forms.formset_factory(CriterionForm, extra=4, max_num=20)
CriterionEditFormSet = forms.formset_factory(
    CriterionForm, extra=2, max_num=20, can_delete=True, can_delete_extra=False
)


def criteria_from(formset, scale: range) -> list[dict]:
    """The criteria a (create or edit) formset describes, in order, without deleted rows."""
    out = []
    for f in formset:
        if formset.can_delete and f.cleaned_data.get("DELETE"):
            continue
        item = f.as_criterion(scale)
        if item:
            out.append(item)
    return out


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


class RoundEditForm(BilingualFormMixin, forms.ModelForm):
    """A round's settings after creation, with its call's blind flag."""

    blind_review = forms.BooleanField(
        label=_("Blind review"),
        required=False,
        help_text=_(
            "Reviewers do not see who applied. It cannot be switched on once reviewers have "
            "been given applications of the call."
        ),
    )

    class Meta:
        model = Round
        fields = [
            "name_en", "name_ar", "rubric", "reviewers_per_application", "due_on", "normalize",
        ]  # fmt: skip
        widgets = {"due_on": DATE}

    def __init__(self, *args, rubrics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rubric"].queryset = rubrics
        self.fields["blind_review"].initial = self.instance.call.blind_review

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


class ShortlistRetractForm(forms.Form):
    applications = forms.TypedMultipleChoiceField(
        label=_("Take back off the shortlist"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
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
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=None, required=False)
    venture = forms.ModelChoiceField(
        label=_("Venture"),
        queryset=None,
        required=False,
        help_text=_("You will not review its applications; any you hold now are reassigned."),
    )
    reason = forms.CharField(
        label=_("Your relationship with it"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, organizations, ventures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["venture"].queryset = ventures

    def clean(self):
        data = super().clean()
        if not data.get("organization") and not data.get("venture"):
            raise forms.ValidationError(_("Name an organization or a venture."))
        return data


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
