"""Forms of the programs pages. Answers are checked by `formspec`, rules by the services."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, available_timezones

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from markaz.core.forms import BilingualFormMixin
from markaz.programs import formspec
from markaz.programs.models import Call, FieldKind, FormField, FormSection, Outcome, Program
from markaz.sdg.models import Goal
from markaz.ventures.models import LegalForm, Stage, Venture

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _zones():
    return [(z, z) for z in sorted(available_timezones())]


def parse_pairs(text: str, *, first: str) -> list[dict]:
    """Lines of `value | English | Arabic` into [{first, label_en, label_ar}]."""
    items = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        parts += [""] * (3 - len(parts))
        items.append({first: parts[0], "label_en": parts[1], "label_ar": parts[2]})
    return items


def format_pairs(items, *, first: str) -> str:
    return "\n".join(
        f"{i.get(first, '')} | {i.get('label_en', '')} | {i.get('label_ar', '')}"
        for i in items or []
    )


class ProgramForm(BilingualFormMixin, forms.ModelForm):
    class Meta:
        model = Program
        fields = ["kind", "title_en", "title_ar", "description_en", "description_ar"]

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class CallForm(BilingualFormMixin, forms.ModelForm):
    zone = forms.ChoiceField(
        label=_("Time zone of the dates"),
        choices=_zones,
        help_text=_("The deadline is the moment in this time zone."),
    )
    eligible_countries = forms.MultipleChoiceField(
        label=_("Eligible countries"),
        choices=lambda: list(countries),
        required=False,
        help_text=_("Leave empty for any country."),
    )
    eligible_stages = forms.MultipleChoiceField(
        label=_("Eligible venture stages"),
        choices=Stage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    eligible_legal_forms = forms.MultipleChoiceField(
        label=_("Eligible legal forms"),
        choices=LegalForm.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    eligible_sdgs = forms.ModelMultipleChoiceField(
        label=_("Eligible SDGs"),
        queryset=Goal.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The venture must work on at least one of them. Leave empty for any."),
    )
    documents = forms.CharField(
        label=_("Required documents"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_(
            "One per line: key | English name | Arabic name (e.g. budget | Budget | الميزانية)."
        ),
    )

    class Meta:
        model = Call
        fields = [
            "program", "challenge", "slug", "title_en", "title_ar", "summary_en", "summary_ar",
            "opens_at",
            "deadline", "blind_review", "eligible_countries", "eligible_stages",
            "eligible_legal_forms", "accept_message_en", "accept_message_ar",
            "reject_message_en", "reject_message_ar", "waitlist_message_en",
            "waitlist_message_ar",
        ]  # fmt: skip
        widgets = {"opens_at": DATETIME, "deadline": DATETIME}
        help_texts = {
            "accept_message_en": _("Placeholders: {venture}, {call}. Empty: a standard text."),
        }

    def __init__(self, *args, programs, center, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
        from markaz.challenges.models import Challenge

        self.fields["challenge"].queryset = Challenge.objects.filter(center=center)
        zone = center.timezone or "UTC"
        self.fields["zone"].initial = zone
        self.fields["documents"].initial = format_pairs(
            self.instance.required_documents, first="key"
        )
        if self.instance.pk:
            self.fields["eligible_sdgs"].initial = list(
                self.instance.eligible_sdgs.values_list("pk", flat=True)
            )
            tz = ZoneInfo(zone)
            for name in ("opens_at", "deadline"):
                value = getattr(self.instance, name)
                if value:
                    self.initial[name] = timezone.localtime(value, tz).replace(tzinfo=None)
        for name in ("opens_at", "deadline"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]

    def clean(self):
        cleaned = super().clean()
        zone = ZoneInfo(cleaned.get("zone") or "UTC")
        for name in ("opens_at", "deadline"):
            value = cleaned.get(name)
            if isinstance(value, dt.datetime):
                naive = timezone.make_naive(value) if timezone.is_aware(value) else value
                cleaned[name] = naive.replace(tzinfo=zone)
        cleaned["required_documents"] = parse_pairs(cleaned.get("documents", ""), first="key")
        return cleaned

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}
        data["required_documents"] = self.cleaned_data["required_documents"]
        return data


class PhaseForm(forms.Form):
    phase = forms.CharField()


class SectionForm(BilingualFormMixin, forms.ModelForm):
    class Meta:
        model = FormSection
        fields = ["title_en", "title_ar", "position"]


class FormFieldForm(BilingualFormMixin, forms.ModelForm):
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("For choices, one per line: value | English | Arabic."),
    )

    class Meta:
        model = FormField
        fields = [
            "section", "key", "kind", "label_en", "label_ar", "help_en", "help_ar", "required",
            "position", "max_words", "min_value", "max_value",
        ]  # fmt: skip

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = call.sections.all()
        self.fields["options"].initial = format_pairs(self.instance.choices, first="value")

    def _post_clean(self):
        pass  # the service validates the instance (key uniqueness, choices, bounds)

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}
        data["choices"] = parse_pairs(self.cleaned_data.get("options", ""), first="value")
        return data


# -- applying ----------------------------------------------------------------------------------


class StartApplicationForm(BilingualFormMixin, forms.Form):
    venture = forms.ModelChoiceField(
        label=_("Apply for"),
        queryset=Venture.objects.none(),
        required=False,
        empty_label=_("A new venture (describe it below)"),
    )
    name_en = forms.CharField(label=_("New venture: name (English)"), required=False)
    name_ar = forms.CharField(label=_("New venture: name (Arabic)"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices, required=False)
    legal_form = forms.ChoiceField(label=_("Legal form"), choices=LegalForm.choices, required=False)
    country = forms.ChoiceField(
        label=_("Country"), choices=lambda: [("", "—"), *countries], required=False
    )
    sdg_goals = forms.ModelMultipleChoiceField(
        label=_("SDG goals"),
        queryset=Goal.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, ventures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venture"].queryset = ventures
        if ventures.exists():
            self.fields["venture"].initial = ventures.first().pk

    def clean(self):
        cleaned = forms.Form.clean(self)
        if not cleaned.get("venture") and not (
            (cleaned.get("name_en") or "").strip() or (cleaned.get("name_ar") or "").strip()
        ):
            raise forms.ValidationError(_("Choose a venture or give the new venture a name."))
        return cleaned

    def venture_data(self) -> dict:
        c = self.cleaned_data
        return {
            "name_en": c.get("name_en", ""),
            "name_ar": c.get("name_ar", ""),
            "stage": c.get("stage") or Stage.IDEA,
            "legal_form": c.get("legal_form") or LegalForm.INFORMAL,
            "country": c.get("country", ""),
        }


def _form_field_for(field: FormField) -> forms.Field:
    common = {"label": field.label, "help_text": field.help, "required": False}
    kind = field.kind
    if kind == FieldKind.LONG_TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}), **common)
    if kind in (FieldKind.SINGLE_CHOICE, FieldKind.MULTIPLE_CHOICE):
        from markaz.core.i18n import pick

        choices = [
            (c["value"], pick({"en": c.get("label_en", ""), "ar": c.get("label_ar", "")}))
            for c in field.choices
        ]
        if kind == FieldKind.SINGLE_CHOICE:
            return forms.ChoiceField(
                choices=[("", "—"), *choices], widget=forms.RadioSelect, **common
            )
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == FieldKind.NUMBER:
        attrs = {"inputmode": "decimal", "dir": "ltr"}
        return forms.CharField(widget=forms.TextInput(attrs=attrs), **common)
    if kind == FieldKind.DATE:
        return forms.CharField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if kind == FieldKind.URL:
        return forms.CharField(widget=forms.URLInput(attrs={"dir": "ltr"}), **common)
    if kind == FieldKind.EMAIL:
        return forms.CharField(widget=forms.EmailInput(attrs={"dir": "ltr"}), **common)
    if kind == FieldKind.FILE:
        return forms.FileField(**common)
    return forms.CharField(widget=forms.TextInput(attrs={"dir": "auto"}), **common)


class AnswersForm(forms.Form):
    """The call's questions as a form. Each value is checked by `formspec` (like the API)."""

    def __init__(self, *args, definitions: list[FormField], files_present=(), complete=False, **kw):
        super().__init__(*args, **kw)
        self.definitions = definitions
        self.files_present = set(files_present)
        self.complete = complete
        for f in definitions:
            self.fields[f.key] = _form_field_for(f)
            if f.required:
                self.fields[f.key].widget.attrs["aria-required"] = "true"
                self.fields[f.key].label = f"{f.label} *"

    def answers(self) -> dict:
        return {
            f.key: self.cleaned_data.get(f.key)
            for f in self.definitions
            if f.kind != FieldKind.FILE
        }

    def uploads(self) -> dict:
        return {
            f.key: self.cleaned_data[f.key]
            for f in self.definitions
            if f.kind == FieldKind.FILE and self.cleaned_data.get(f.key)
        }

    def clean(self):
        cleaned = super().clean()
        values = {f.key: cleaned.get(f.key) for f in self.definitions if f.kind != FieldKind.FILE}
        has = self.files_present | set(self.uploads_in(cleaned))
        fixed, errors = formspec.validate_answers(
            self.definitions, values, files=has, complete=self.complete
        )
        for key, messages in errors.items():
            self.add_error(key, messages)
        cleaned.update(fixed)
        return cleaned

    def uploads_in(self, cleaned):
        return [f.key for f in self.definitions if f.kind == FieldKind.FILE and cleaned.get(f.key)]


class DocumentForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    file = forms.FileField(label=_("File"))


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=Outcome.choices)
    note = forms.CharField(
        label=_("Internal note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReaderZoneForm(forms.Form):
    tz = forms.ChoiceField(label=_("Show times in"), choices=_zones, required=False)
