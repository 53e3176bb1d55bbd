"""Forms of the centers-network pages; rules stay in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from markaz.core.forms import BilingualFormMixin
from markaz.network.models import PartnershipKind

DATE = forms.DateInput(attrs={"type": "date"})


class PartnershipForm(BilingualFormMixin, forms.Form):
    partner = forms.ModelChoiceField(label=_("Partner center"), queryset=None)
    kind = forms.ChoiceField(label=_("Type"), choices=PartnershipKind.choices)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    title_ar = forms.CharField(label=_("Title (Arabic)"), max_length=200, required=False)
    description_en = forms.CharField(
        label=_("Description (English)"), widget=forms.Textarea, required=False
    )
    description_ar = forms.CharField(
        label=_("Description (Arabic)"), widget=forms.Textarea, required=False
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE, required=False)
    document = forms.FileField(label=_("Agreement document"), required=False)

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "document"}


class ReferralForm(forms.Form):
    venture = forms.ModelChoiceField(label=_("Venture"), queryset=None)
    program = forms.ModelChoiceField(label=_("Program of the other center"), queryset=None)
    note = forms.CharField(
        label=_("Referral note"),
        widget=forms.Textarea,
        help_text=_("The receiving center reads this note before the venture consents."),
    )

    def __init__(self, *args, ventures, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venture"].queryset = ventures
        self.fields["program"].queryset = programs
        self.fields["note"].widget.attrs.setdefault("rows", 4)


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea, required=False)


class CenterChoiceForm(forms.Form):
    center = forms.ModelChoiceField(label=_("Center"), queryset=None)

    def __init__(self, *args, centers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["center"].queryset = centers


class CommunityForm(BilingualFormMixin, forms.Form):
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    name_ar = forms.CharField(label=_("Name (Arabic)"), max_length=200, required=False)
    description_en = forms.CharField(
        label=_("Description (English)"), widget=forms.Textarea, required=False
    )
    description_ar = forms.CharField(
        label=_("Description (Arabic)"), widget=forms.Textarea, required=False
    )


class ThreadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea, help_text=_("Markdown is supported.")
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Reply"), widget=forms.Textarea, help_text=_("Markdown is supported.")
    )


class ShareEntryForm(forms.Form):
    entry = forms.ModelChoiceField(label=_("Knowledge entry"), queryset=None)

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = entries
