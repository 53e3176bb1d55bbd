"""Forms of the funding pages; validation of money and rules stays in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from markaz.core.forms import BilingualFormMixin
from markaz.core.models import Region
from markaz.funding.models import Award, Fund, Milestone, PaymentMethod
from markaz.sdg.models import Goal

DATE = forms.DateInput(attrs={"type": "date"})


class FundForm(BilingualFormMixin, forms.ModelForm):
    sdg_goals = forms.ModelMultipleChoiceField(
        label=_("SDG goals"),
        queryset=Goal.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    regions = forms.MultipleChoiceField(
        label=_("Regions"),
        choices=Region.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Fund
        fields = [
            "name_en", "name_ar", "funder", "amount", "currency", "starts_on", "ends_on",
            "restriction", "regions",
        ]  # fmt: skip
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = organizations
        self.fields["currency"].initial = "USD"

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}


class AwardForm(BilingualFormMixin, forms.ModelForm):
    class Meta:
        model = Award
        fields = [
            "fund", "venture", "kind", "title_en", "title_ar", "description_en", "description_ar",
            "amount", "currency", "fx_rate", "fx_date", "fx_source", "awarded_on",
            "agreement_reference", "is_publishable",
        ]  # fmt: skip
        widgets = {"awarded_on": DATE, "fx_date": DATE}

    def __init__(self, *args, funds, ventures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = funds
        self.fields["venture"].queryset = ventures
        self.fields["currency"].initial = "USD"

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class MilestoneForm(BilingualFormMixin, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = [
            "position", "description_en", "description_ar", "evidence_required_en",
            "evidence_required_ar", "due_on", "tranche_amount",
        ]  # fmt: skip
        widgets = {"due_on": DATE}

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class EvidenceForm(forms.Form):
    evidence_text = forms.CharField(label=_("Evidence"), widget=forms.Textarea, required=False)
    evidence_file = forms.FileField(
        label=_("File"), required=False, help_text=_("PDF, office document or image.")
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept the evidence")), ("return", _("Ask for more evidence"))],
    )
    review_note = forms.CharField(label=_("Note"), widget=forms.Textarea, required=False)


class PaymentForm(forms.Form):
    method = forms.ChoiceField(label=_("Payment method"), choices=PaymentMethod.choices)
    reference = forms.CharField(label=_("External reference"), max_length=100)
    paid_on = forms.DateField(label=_("Payment date"), widget=DATE)


class ReverseForm(forms.Form):
    memo = forms.CharField(label=_("Reason"), max_length=300)


class RefundForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount"), max_digits=18, decimal_places=4)
    reference = forms.CharField(label=_("External reference"), max_length=100)
    refunded_on = forms.DateField(label=_("Date"), widget=DATE)


class LedgerFilterForm(forms.Form):
    fund = forms.ModelChoiceField(label=_("Fund"), queryset=Fund.objects.none(), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args, funds, **kwargs):
        from markaz.funding.models import EntryKind

        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = funds
        self.fields["kind"].choices = [("", _("All")), *EntryKind.choices]
