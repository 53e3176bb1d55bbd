"""Forms of the mentoring pages; the rules stay in the services."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo, available_timezones

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from markaz.core.forms import BilingualFormMixin
from markaz.mentoring.models import (
    ExpertiseArea,
    Format,
    Language,
    MatchRound,
    MenteeNeeds,
    MentorProfile,
    PairState,
    Sector,
)
from markaz.mentoring.scoring import COMPONENTS, Weights
from markaz.sdg.models import Goal as SdgGoal

WEEKDAYS = (
    _("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"),
    _("Sunday"),
)  # fmt: skip
SPAN = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$")
CHECKS = forms.CheckboxSelectMultiple


def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(available_timezones())]


def parse_spans(text: str, weekday: int) -> list[list[int]]:
    """ "18:00-20:00, 21:00-22:30" → windows of that weekday; "24:00" ends a day."""
    windows = []
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        match = SPAN.match(part)
        if not match:
            raise forms.ValidationError(_("Write times like 18:00-20:00, separated by commas."))
        h1, m1, h2, m2 = map(int, match.groups())
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if m1 > 59 or m2 > 59 or not 0 <= start < end <= 1440:
            raise forms.ValidationError(_("Each time span must start before it ends."))
        windows.append([weekday, start, end])
    return windows


def format_spans(windows, weekday: int) -> str:
    def hhmm(minute: int) -> str:
        return f"{minute // 60:02d}:{minute % 60:02d}"

    return ", ".join(f"{hhmm(s)}-{hhmm(e)}" for d, s, e in windows if d == weekday)


class AvailabilityMixin:
    """Seven fields, one per weekday, and the time zone: stored as `availability` windows."""

    def add_availability_fields(self, windows) -> None:
        for day, label in enumerate(WEEKDAYS):
            self.fields[f"day_{day}"] = forms.CharField(
                label=label,
                required=False,
                initial=format_spans(windows or [], day),
                help_text=_("Local times, e.g. 18:00-20:00, 21:00-22:00"),
                widget=forms.TextInput(attrs={"dir": "ltr"}),
            )

    def windows(self) -> list[list[int]]:
        found = []
        for day in range(7):
            try:
                found += parse_spans(self.cleaned_data.get(f"day_{day}", ""), day)
            except forms.ValidationError as exc:
                self.add_error(f"day_{day}", exc)
        return found


class MentorProfileForm(AvailabilityMixin, BilingualFormMixin, forms.ModelForm):
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"), choices=Sector.choices, required=False, widget=CHECKS
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=Language.choices, widget=CHECKS
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries"), choices=list(countries), required=False
    )
    timezone = forms.ChoiceField(label=_("Time zone"), choices=timezone_choices)
    sdg_goals = forms.ModelMultipleChoiceField(
        label=_("SDG goals"), queryset=SdgGoal.objects.all(), required=False, widget=CHECKS
    )

    class Meta:
        model = MentorProfile
        fields = [
            "expertise", "sectors", "sdg_goals", "languages", "countries", "capacity",
            "timezone", "bio_en", "bio_ar", "opted_out", "conflicted_ventures",
        ]  # fmt: skip
        widgets = {"expertise": CHECKS}

    def __init__(self, *args, areas, ventures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expertise"].queryset = areas
        self.fields["conflicted_ventures"].queryset = ventures
        self.fields["conflicted_ventures"].required = False
        self.add_availability_fields(self.instance.availability if self.instance.pk else [])

    def service_data(self) -> dict:
        data = {k: self.cleaned_data[k] for k in ("sectors", "languages", "countries")}
        data.update({k: self.cleaned_data[k] for k in ("capacity", "timezone", "opted_out")})
        data.update({k: self.cleaned_data[k] for k in ("bio_en", "bio_ar")})
        data["availability"] = self.windows()
        return data


class StaffProfileForm(MentorProfileForm):
    person = forms.ModelChoiceField(label=_("Person"), queryset=None)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.order_fields(["person"])


class NeedsForm(AvailabilityMixin, BilingualFormMixin, forms.ModelForm):
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"), choices=Sector.choices, required=False, widget=CHECKS
    )
    languages = forms.MultipleChoiceField(
        label=_("Preferred languages"), choices=Language.choices, widget=CHECKS
    )
    timezone = forms.ChoiceField(label=_("Time zone"), choices=timezone_choices)

    class Meta:
        model = MenteeNeeds
        fields = ["areas", "sectors", "languages", "format", "goals_en", "goals_ar", "timezone"]
        widgets = {"areas": CHECKS}

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = areas
        self.add_availability_fields(self.instance.availability if self.instance.pk else [])

    def service_data(self) -> dict:
        names = ["sectors", "languages", "format", "goals_en", "goals_ar", "timezone"]
        data = {k: self.cleaned_data[k] for k in names}
        data["availability"] = self.windows()
        return data


class AreaForm(BilingualFormMixin, forms.ModelForm):
    class Meta:
        model = ExpertiseArea
        fields = ["code", "name_en", "name_ar"]


class RoundForm(BilingualFormMixin, forms.ModelForm):
    class Meta:
        model = MatchRound
        fields = ["name_en", "name_ar", "program", "mode", "ventures", "mentors"]
        widgets = {"ventures": CHECKS, "mentors": CHECKS}

    def __init__(self, *args, ventures, mentors, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
        self.fields["ventures"].queryset = ventures
        self.fields["mentors"].queryset = mentors
        self.fields["mentors"].help_text = _(
            "None chosen: every mentor of the center who is taking mentees."
        )
        defaults = Weights()
        labels = {
            "expertise": _("Weight: expertise"),
            "sector": _("Weight: sector"),
            "sdg": _("Weight: SDGs"),
            "language": _("Weight: language"),
            "country": _("Weight: country"),
            "timezone": _("Weight: time overlap"),
        }
        for name in COMPONENTS:
            self.fields[f"w_{name}"] = forms.FloatField(
                label=labels[name], min_value=0, initial=getattr(defaults, name)
            )

    def service_data(self) -> dict:
        data = {k: self.cleaned_data[k] for k in ("name_en", "name_ar", "mode", "program")}
        data["weights"] = {name: self.cleaned_data[f"w_{name}"] for name in COMPONENTS}
        return data


class PairForm(forms.Form):
    venture = forms.ModelChoiceField(label=_("Venture"), queryset=None)
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=None)
    state = forms.ChoiceField(
        label=_("Action"),
        choices=[
            (PairState.LOCKED, _("Lock (or override with this mentor)")),
            (PairState.EXCLUDED, _("Exclude")),
            ("clear", _("Clear")),
        ],
    )

    def __init__(self, *args, ventures, mentors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venture"].queryset = ventures
        self.fields["mentor"].queryset = mentors


class RankingForm(forms.Form):
    """One rank field per candidate (1 = first choice); blank = not acceptable."""

    def __init__(self, *args, candidates, current: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        position = {pk: i + 1 for i, pk in enumerate(current)}
        for obj in candidates:
            self.fields[f"rank_{obj.pk}"] = forms.IntegerField(
                label=str(obj), required=False, min_value=1, initial=position.get(obj.pk)
            )

    def ranked(self) -> list[int]:
        given = [
            (value, int(name.removeprefix("rank_")))
            for name, value in self.cleaned_data.items()
            if value is not None
        ]
        return [pk for _rank, pk in sorted(given)]


class SessionForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    timezone = forms.ChoiceField(label=_("Time zone"), choices=timezone_choices)
    minutes = forms.IntegerField(label=_("Length in minutes"), min_value=15, max_value=480)
    format = forms.ChoiceField(label=_("Format"), choices=Format.choices)
    location = forms.CharField(label=_("Place or link"), required=False, max_length=300)
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea)

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        local = data.pop("starts_at").replace(tzinfo=None)
        data["starts_at"] = local.replace(tzinfo=ZoneInfo(data.pop("timezone")))
        data["starts_at"] = data["starts_at"].astimezone(dt.UTC)
        return data


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea)


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"), coerce=int, choices=[(i, str(i)) for i in range(5, 0, -1)]
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea)


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=300)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100, initial=0)
    note = forms.CharField(label=_("Progress note"), required=False, widget=forms.Textarea)


class EndForm(forms.Form):
    reason = forms.CharField(label=_("Why it ends"), required=False, widget=forms.Textarea)
