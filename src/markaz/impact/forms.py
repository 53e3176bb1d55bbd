"""Forms of the impact pages; the rules (types, units, disaggregations) live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from markaz.core.forms import BilingualFormMixin
from markaz.impact.models import (
    CATEGORIES,
    Aggregation,
    Dimension,
    Indicator,
    LogicStep,
    ReportingPeriod,
    SroiAnalysis,
    SroiOutcome,
    VentureIndicator,
)
from markaz.sdg.models import Target

DATE = forms.DateInput(attrs={"type": "date"})


class IndicatorForm(BilingualFormMixin, forms.ModelForm):
    dimensions = forms.MultipleChoiceField(
        label=_("Disaggregation dimensions"), choices=Dimension.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    sdg_targets = forms.ModelMultipleChoiceField(
        label=_("SDG targets"), queryset=Target.objects.all(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )  # fmt: skip

    class Meta:
        model = Indicator
        fields = [
            "code", "name_en", "name_ar", "definition_en", "definition_ar", "unit", "kind",
            "currency", "scale_min", "scale_max", "direction", "aggregation", "dimensions",
            "iris_code", "is_active",
        ]  # fmt: skip

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}

    def _post_clean(self):
        """Validation belongs to the service (which also checks the code is free)."""


class PeriodForm(forms.ModelForm):
    class Meta:
        model = ReportingPeriod
        fields = ["frequency", "starts_on", "ends_on", "due_on", "is_open"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "due_on": DATE}

    def _post_clean(self):
        """The service validates (overlaps included)."""


class StepForm(BilingualFormMixin, forms.ModelForm):
    class Meta:
        model = LogicStep
        fields = ["level", "position", "text_en", "text_ar", "leads_to"]

    def __init__(self, *args, steps, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leads_to"].queryset = steps

    def _post_clean(self):
        """The service validates."""


class AttachForm(forms.ModelForm):
    class Meta:
        model = VentureIndicator
        fields = ["indicator", "step", "baseline", "baseline_on"]
        widgets = {"baseline_on": DATE}

    def __init__(self, *args, indicators, steps, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
        self.fields["indicator"].label = _("Indicator")
        self.fields["step"].queryset = steps

    def _post_clean(self):
        """The service validates."""


class BaselineForm(forms.ModelForm):
    class Meta:
        model = VentureIndicator
        fields = ["step", "baseline", "baseline_on"]
        widgets = {"baseline_on": DATE}

    def __init__(self, *args, steps, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].queryset = steps

    def _post_clean(self):
        """The service validates."""


class TargetForm(forms.Form):
    venture_indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=None)
    period = forms.ModelChoiceField(label=_("Period"), queryset=None)
    value = forms.DecimalField(label=_("Target"))

    def __init__(self, *args, venture_indicators, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venture_indicator"].queryset = venture_indicators
        self.fields["period"].queryset = periods


class ReportForm(forms.Form):
    """Generated from the venture's indicators: a total, a weight where it counts, and one
    field per category of each fixed disaggregation dimension."""

    def __init__(self, *args, venture_indicators, periods, correcting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"] = forms.ModelChoiceField(label=_("Period"), queryset=periods)
        self.groups = []
        for vi in venture_indicators:
            ind = vi.indicator
            names = [f"v{ind.pk}"]
            self.fields[f"v{ind.pk}"] = forms.DecimalField(
                label=ind.name, required=False, help_text=ind.unit
            )
            if ind.aggregation == Aggregation.WEIGHTED_MEAN:
                names.append(f"v{ind.pk}_w")
                self.fields[f"v{ind.pk}_w"] = forms.DecimalField(
                    label=_("Base (number of respondents)"), required=False
                )
            for dim in ind.dimensions or []:
                for code, label in CATEGORIES.get(dim, ()):
                    name = f"v{ind.pk}__{dim}__{code}"
                    names.append(name)
                    self.fields[name] = forms.DecimalField(label=label, required=False)
            self.groups.append((ind, names))
        self.fields["beneficiaries"] = forms.CharField(
            label=_("Beneficiary identifiers (one per line)"), required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("Stored only as keyed hashes, to count each person once."),
        )  # fmt: skip
        self.fields["evidence"] = forms.CharField(
            label=_("Evidence (link or reference)"), required=False, max_length=500
        )
        self.fields["reason"] = forms.CharField(
            label=_("Reason for the correction"), required=correcting,
            widget=forms.Textarea(attrs={"rows": 2}),
        )  # fmt: skip

    def bound_groups(self):
        return [(ind, [self[name] for name in names]) for ind, names in self.groups]

    def values(self) -> list[dict]:
        data, out = self.cleaned_data, []
        evidence = data.get("evidence", "")
        for ind, names in self.groups:
            for name in names:
                if name.endswith("_w") or data.get(name) is None:
                    continue
                item = {"indicator": ind.code, "value": data[name], "evidence": evidence}
                if "__" in name:
                    _v, item["dimension"], item["category"] = name.split("__")
                elif data.get(f"{name}_w") is not None:
                    item["weight"] = data[f"{name}_w"]
                out.append(item)
        return out

    def beneficiary_ids(self) -> list[str]:
        return [line for line in self.cleaned_data.get("beneficiaries", "").splitlines() if line]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("verify", _("Verify")), ("query", _("Query")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF, office document or image."))
    description = forms.CharField(label=_("Description"), max_length=200, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
    verify = forms.BooleanField(label=_("Mark the imported reports as verified"), required=False)


class SroiForm(BilingualFormMixin, forms.ModelForm):
    class Meta:
        model = SroiAnalysis
        fields = ["title_en", "title_ar", "currency", "inputs", "discount_rate"]

    def _post_clean(self):
        """The service validates."""


class OutcomeForm(BilingualFormMixin, forms.ModelForm):
    class Meta:
        model = SroiOutcome
        fields = [
            "name_en", "name_ar", "quantity", "proxy", "proxy_source", "deadweight",
            "attribution", "displacement", "drop_off", "years",
        ]  # fmt: skip

    def _post_clean(self):
        """The service validates."""


OutcomeFormSet = forms.formset_factory(OutcomeForm, extra=3, min_num=1, validate_min=True)
