from django import forms
from django.utils.translation import gettext_lazy as _

from markaz.challenges.models import Challenge, OwnerRole, Status, Visibility
from markaz.core.forms import BilingualFormMixin
from markaz.core.uploads import DOCUMENTS, validate_upload
from markaz.sdg.models import Goal, Target
from markaz.stakeholders.models import Sector


class ChallengeForm(BilingualFormMixin, forms.ModelForm):
    sdg_targets = forms.ModelMultipleChoiceField(
        label=_("SDG targets"),
        queryset=Target.objects.select_related("goal"),
        required=False,
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )

    class Meta:
        model = Challenge
        fields = [
            "title_en", "title_ar", "problem_en", "problem_ar", "evidence_en", "evidence_ar",
            "affected_population_en", "affected_population_ar", "country", "place_en",
            "place_ar", "visibility",
        ]  # fmt: skip
        widgets = {
            "problem_en": forms.Textarea(attrs={"rows": 8}),
            "problem_ar": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sdg_targets"].label_from_instance = lambda t: f"{t.code} · {t.title}"
        if self.instance.pk:
            self.initial["sdg_targets"] = list(self.instance.sdg_targets.all())

    def clean(self):
        cleaned = super().clean()
        if not any((cleaned.get(f) or "").strip() for f in ("title_en", "title_ar")):
            raise forms.ValidationError(_("Give a title in Arabic or English (or both)."))
        return cleaned

    def service_kwargs(self) -> dict:
        c = self.cleaned_data
        return {
            "data": {name: c[name] for name in self.Meta.fields},
            "sdg_targets": list(c["sdg_targets"]),
        }


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Status.choices]
    )
    sdg = forms.TypedChoiceField(
        label=_("SDG"), required=False, coerce=int, empty_value=None, choices=()
    )
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("Any sector")), *Sector.choices]
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        required=False,
        choices=[("", _("Any visibility")), *Visibility.choices],
    )

    def __init__(self, *args, with_visibility: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sdg"].choices = [("", _("All SDGs"))] + [
            (g.pk, str(g)) for g in Goal.objects.all()
        ]
        if not with_visibility:
            del self.fields["visibility"]


class OwnerForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=None)
    role = forms.ChoiceField(label=_("Role"), choices=OwnerRole.choices)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["organization"].label_from_instance = lambda o: (
            f"{o.name} · {o.get_sector_display()}"
        )


class OwnerRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=OwnerRole.choices)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown: **bold**, lists, links."),
        max_length=10_000,
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Document"), help_text=_("PDF or office document."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload, DOCUMENTS)
        return upload


class VentureLinkForm(forms.Form):
    venture = forms.ModelChoiceField(label=_("Venture"), queryset=None)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, ventures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venture"].queryset = ventures
