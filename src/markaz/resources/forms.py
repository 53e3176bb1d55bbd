"""Forms of the resource pages; rules (opening hours, capacity, quotas) stay in the services."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _

from markaz.core.forms import BilingualFormMixin
from markaz.resources import availability
from markaz.resources.models import Resource
from markaz.ventures.models import LegalForm, Stage

DATE = forms.DateInput(attrs={"type": "date"})
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DAY_NAMES = [
    _("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"),
    _("Sunday"),
]  # fmt: skip


class ResourceForm(BilingualFormMixin, forms.ModelForm):
    stages = forms.MultipleChoiceField(
        label=_("Eligible stages"),
        choices=Stage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for ventures at any stage."),
    )
    legal_forms = forms.MultipleChoiceField(
        label=_("Eligible legal forms"),
        choices=LegalForm.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sdg_goals = forms.MultipleChoiceField(
        label=_("Eligible SDGs"),
        choices=[(str(n), str(n)) for n in range(1, 18)],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ventures working on at least one of these."),
    )
    public_only = forms.BooleanField(label=_("Ventures with a public profile only"), required=False)

    class Meta:
        model = Resource
        fields = [
            "kind", "service_area", "owner", "name_en", "name_ar", "description_en",
            "description_ar", "terms_en", "terms_ar", "is_active", "is_bookable",
            "requires_approval", "capacity", "slot_minutes", "timezone", "quota_hours_per_week",
            "value_per_hour", "currency",
        ]  # fmt: skip

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = organizations
        self.fields["owner"].empty_label = _("The center itself")
        texts = availability.opening_hours_text(self.instance.opening_hours or {})
        for day, label in enumerate(DAY_NAMES):
            self.fields[f"hours_{day}"] = forms.CharField(
                label=label,
                required=False,
                initial=texts.get(day, ""),
                help_text=_("e.g. 09:00-13:00, 14:00-18:00; empty when closed."),
                widget=forms.TextInput(attrs={"dir": "ltr"}),
            )
        rules = self.instance.eligibility or {}
        self.fields["stages"].initial = rules.get("stages") or []
        self.fields["legal_forms"].initial = rules.get("legal_forms") or []
        self.fields["sdg_goals"].initial = [str(v) for v in rules.get("sdg_goals") or []]
        self.fields["public_only"].initial = bool(rules.get("public"))
        self._other_rules = {k: v for k, v in rules.items() if k == "cohorts"}
        if not self.instance.pk and self.instance.center_id:
            self.fields["timezone"].initial = self.instance.center.timezone

    def clean(self):
        cleaned = super().clean()
        try:
            cleaned["opening_hours"] = availability.parse_opening_hours_text(
                {day: cleaned.get(f"hours_{day}", "") for day in range(7)}
            )
        except ValueError as exc:
            self.add_error(None, str(exc))
        return cleaned

    def _post_clean(self):
        """Model rules (hours, rules, owner) are checked once, by the service."""
        self.instance = construct_instance(self, self.instance, self._meta.fields)

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}
        data["service_area"] = data.get("service_area") or ""
        data["opening_hours"] = self.cleaned_data.get("opening_hours", {})
        rules = dict(self._other_rules)
        for name in ("stages", "legal_forms"):
            if self.cleaned_data.get(name):
                rules[name] = list(self.cleaned_data[name])
        if self.cleaned_data.get("sdg_goals"):
            rules["sdg_goals"] = sorted(int(v) for v in self.cleaned_data["sdg_goals"])
        if self.cleaned_data.get("public_only"):
            rules["public"] = True
        data["eligibility"] = rules
        return data


class BookingForm(forms.Form):
    venture = forms.ModelChoiceField(label=_("Venture"), queryset=None)
    day = forms.DateField(label=_("Date"), widget=DATE)
    start = forms.TimeField(label=_("Start time"), widget=TIME)
    slots = forms.IntegerField(label=_("Number of slots"), min_value=1, max_value=48, initial=1)
    units = forms.IntegerField(label=_("Units"), min_value=1, initial=1)
    purpose = forms.CharField(label=_("Purpose"), max_length=300, required=False)

    def __init__(self, *args, resource: Resource, ventures, **kwargs):
        super().__init__(*args, **kwargs)
        self.resource = resource
        self.fields["venture"].queryset = ventures
        self.fields["slots"].help_text = _("One slot lasts %(n)s minutes.") % {
            "n": resource.slot_minutes
        }
        self.fields["start"].help_text = _("Local time in %(zone)s.") % {"zone": resource.timezone}
        if resource.capacity == 1:
            del self.fields["units"]
        else:
            self.fields["units"].max_value = resource.capacity

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("day") and cleaned.get("start") and cleaned.get("slots"):
            try:
                starts_at = availability.local_to_utc(
                    self.resource.timezone, cleaned["day"], cleaned["start"]
                )
            except ValueError as exc:
                raise forms.ValidationError(str(exc)) from None
            cleaned["starts_at"] = starts_at
            cleaned["ends_at"] = starts_at + timedelta(
                minutes=cleaned["slots"] * self.resource.slot_minutes
            )
        return cleaned


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ServiceRequestForm(forms.Form):
    venture = forms.ModelChoiceField(label=_("Venture"), queryset=None)
    need = forms.CharField(
        label=_("What the venture needs"), widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, ventures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venture"].queryset = ventures


class DeliveryForm(forms.Form):
    delivery_note = forms.CharField(
        label=_("What was delivered"), widget=forms.Textarea(attrs={"rows": 3})
    )


class HoursForm(forms.Form):
    worked_on = forms.DateField(label=_("Date"), widget=DATE)
    hours = forms.DecimalField(
        label=_("Hours"), min_value=0.25, max_value=24, decimal_places=2, max_digits=5
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
