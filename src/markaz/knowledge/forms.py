from django import forms
from django.utils.translation import gettext_lazy as _

from markaz.core.forms import BilingualFormMixin
from markaz.core.models import Region
from markaz.core.uploads import DOCUMENTS, IMAGES, validate_upload
from markaz.knowledge.models import Entry, EntryType, Status
from markaz.sdg.models import Goal
from markaz.stakeholders.models import Sector


class EntryForm(BilingualFormMixin, forms.ModelForm):
    tags = forms.CharField(
        label=_("Tags"), required=False, help_text=_("Separate tags with commas.")
    )
    regions = forms.MultipleChoiceField(
        label=_("Regions"), choices=Region.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"), choices=Sector.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    sdgs = forms.ModelMultipleChoiceField(
        label=_("SDG goals"), queryset=Goal.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    ventures = forms.ModelMultipleChoiceField(label=_("Ventures"), queryset=None, required=False)
    organizations = forms.ModelMultipleChoiceField(
        label=_("Organizations"), queryset=None, required=False
    )
    authors = forms.ModelMultipleChoiceField(label=_("Authors"), queryset=None, required=False)

    class Meta:
        model = Entry
        fields = [
            "type", "title_en", "title_ar", "summary_en", "summary_ar", "body_en", "body_ar",
            "visibility",
        ]  # fmt: skip
        widgets = {"body_en": forms.Textarea(attrs={"rows": 12}),
                   "body_ar": forms.Textarea(attrs={"rows": 12})}  # fmt: skip

    def __init__(self, *args, ventures, organizations, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ventures"].queryset = ventures
        self.fields["organizations"].queryset = organizations
        self.fields["authors"].queryset = people
        entry = self.instance
        if entry.pk:
            self.initial.update(
                tags=", ".join(entry.tags),
                regions=entry.regions,
                sectors=entry.sectors,
                sdgs=list(entry.sdgs.all()),
                ventures=list(entry.ventures.all()),
                organizations=list(entry.organizations.all()),
                authors=list(entry.authors.all()),
            )

    def clean(self):
        cleaned = super().clean()
        if not any((cleaned.get(f) or "").strip() for f in ("title_en", "title_ar")):
            raise forms.ValidationError(_("Give a title in Arabic or English (or both)."))
        return cleaned

    def service_kwargs(self) -> dict:
        c = self.cleaned_data
        data = {name: c[name] for name in self.Meta.fields}
        data["tags"] = [t.strip() for t in (c["tags"] or "").split(",") if t.strip()]
        data["regions"], data["sectors"] = list(c["regions"]), list(c["sectors"])
        links = ("sdgs", "ventures", "organizations", "authors")
        return {"data": data, **{name: list(c[name]) for name in links}}


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *EntryType.choices]
    )
    sdg = forms.TypedChoiceField(
        label=_("SDG"), required=False, coerce=int, empty_value=None, choices=()
    )

    def __init__(self, *args, with_status: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sdg"].choices = [("", _("All SDGs"))] + [
            (g.pk, str(g)) for g in Goal.objects.all()
        ]
        if with_status:
            self.fields["status"] = forms.ChoiceField(
                label=_("Status"), required=False, choices=[("", _("Any status")), *Status.choices]
            )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF, office document or image."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload, DOCUMENTS + IMAGES)
        return upload
