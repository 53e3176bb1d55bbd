"""Forms of the privacy pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ErasureRequestForm(forms.Form):
    understood = forms.BooleanField(
        label=_("I understand that erasure cannot be undone and that my login stops working."),
    )
    password = forms.CharField(
        label=_("Your password"), widget=forms.PasswordInput(attrs={"autocomplete": "off"})
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if self.user is None or not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not right."))
        return password


class ErasureDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("confirm", _("Erase this person")), ("refuse", _("Refuse"))],
    )
    note = forms.CharField(
        label=_("Reason for refusing"), max_length=300, required=False,
        help_text=_("Shown to the person. Do not write personal details here."),
    )  # fmt: skip
