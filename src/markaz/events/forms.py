"""Forms of the event pages; places, answers and states are checked by the services."""

from __future__ import annotations

from zoneinfo import ZoneInfo, available_timezones

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from markaz.core.forms import BilingualFormMixin, https_urls
from markaz.events.models import Event, Feedback, Question, QuestionKind
from markaz.events.questions import field_name

LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(BilingualFormMixin, forms.ModelForm):
    """Start and end are wall-clock times in the event's own time zone."""

    starts_at = forms.DateTimeField(label=_("Starts at (local time)"), widget=LOCAL)
    ends_at = forms.DateTimeField(label=_("Ends at (local time)"), widget=LOCAL)

    class Meta:
        model = Event
        formfield_callback = https_urls
        fields = [
            "kind", "title_en", "title_ar", "description_en", "description_ar", "mode", "venue",
            "room", "online_url", "co_hosts", "visibility", "timezone", "starts_at", "ends_at",
            "capacity", "requires_approval", "registration_open", "is_cancelled",
        ]  # fmt: skip
        widgets = {"co_hosts": forms.CheckboxSelectMultiple}

    def __init__(self, *args, organizations, center=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["co_hosts"].queryset = organizations
        zone_name = self.instance.timezone if self.instance.pk else None
        if not self.instance.pk and center is not None:
            self.fields["timezone"].initial = center.timezone or "UTC"
        if self.instance.pk:
            zone = ZoneInfo(zone_name or "UTC")
            for name in ("starts_at", "ends_at"):
                value = getattr(self.instance, name)
                if value is not None:
                    self.initial[name] = timezone.localtime(value, zone).replace(tzinfo=None)

    def clean_timezone(self):
        value = self.cleaned_data["timezone"]
        if value not in available_timezones():
            raise forms.ValidationError(_("Choose a time zone such as Asia/Amman."))
        return value

    def clean(self):
        cleaned = super().clean()
        zone_name = cleaned.get("timezone") or "UTC"
        for name in ("starts_at", "ends_at"):
            value = cleaned.get(name)
            if value is not None:
                # The browser sends a wall-clock time: read it in the event's zone.
                naive = timezone.make_naive(value) if timezone.is_aware(value) else value
                cleaned[name] = timezone.make_aware(naive, ZoneInfo(zone_name))
        return cleaned

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "co_hosts"}


class QuestionForm(BilingualFormMixin, forms.ModelForm):
    choices_text = forms.CharField(
        label=_("Choices (one per line)"), widget=forms.Textarea, required=False
    )

    class Meta:
        model = Question
        fields = ["position", "kind", "label_en", "label_ar", "required"]

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "choices_text"}
        data["choices"] = self.cleaned_data.get("choices_text") or ""
        return data


def _choices_field(question: Question) -> forms.Field:
    label = question.label
    if question.kind == QuestionKind.CHOICE:
        return forms.ChoiceField(
            label=label,
            required=question.required,
            choices=[("", "—"), *[(c, c) for c in question.choices]],
        )
    if question.kind == QuestionKind.YES_NO:
        return forms.ChoiceField(
            label=label,
            required=question.required,
            choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))],
        )
    return forms.CharField(
        label=label, required=question.required, widget=forms.Textarea(attrs={"rows": 2})
    )


class RegistrationForm(forms.Form):
    """One field per question of the event; the service validates the answers again."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for q in self.questions:
            self.fields[field_name(q)] = _choices_field(q)

    def answers(self) -> dict:
        return {str(q.pk): self.cleaned_data.get(field_name(q)) for q in self.questions}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("decline", _("Decline"))]
    )


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Ticket code"),
        max_length=200,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
    )

    def clean_code(self):
        # A scanner may read the ticket URL or the bare code; keep the last path part.
        value = self.cleaned_data["code"].strip().rstrip("/")
        return value.rsplit("/", 1)[-1].rsplit("=", 1)[-1]


class WalkInForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=None)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class FeedbackForm(forms.ModelForm):
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        coerce=int,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Feedback
        fields = ["rating", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 4})}
