from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


def split_networks(value: str) -> list[str]:
    return sorted({part.strip() for part in value.replace("،", ",").split(",") if part.strip()})


class PeerRequestForm(forms.Form):
    base_url = forms.URLField(
        label=_("Base URL of the other deployment"), max_length=300, assume_scheme="https"
    )
    networks = forms.CharField(
        label=_("Shared networks"),
        required=False,
        help_text=_("Slugs of networks both deployments belong to, separated by commas."),
    )

    def clean_networks(self) -> list[str]:
        return split_networks(self.cleaned_data["networks"])


class PeerNetworksForm(forms.Form):
    networks = forms.CharField(
        label=_("Shared networks"),
        required=False,
        help_text=_("Slugs of networks both deployments belong to, separated by commas."),
    )

    def clean_networks(self) -> list[str]:
        return split_networks(self.cleaned_data["networks"])
