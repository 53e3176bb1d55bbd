"""What of an application a reader sees, blind-aware: the one place pages, the API and the
exports get the applicant's identity from, so that blind review cannot leak through one of
them."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from markaz.core.i18n import pick
from markaz.review import blind
from markaz.review.permissions import can_see_identity


@dataclass
class AttachmentView:
    id: int
    key: str
    name: str
    size: int
    content_type: str


@dataclass
class ApplicationView:
    id: int
    reference: str
    blind: bool
    title: str  # the venture's name, or the reference when blind
    venture_name: str | None
    organization: str | None
    applicant_name: str | None
    applicant_email: str | None
    team: list[str]
    stage: str
    sdg_goals: list[int]
    answers: list[dict] = field(default_factory=list)  # {key, label, value}
    attachments: list[AttachmentView] = field(default_factory=list)


def identity_strings(application) -> list[str]:
    """Every string that names the applicant: venture, organization(s), people, emails."""
    from markaz.stakeholders.models import Affiliation, Person

    venture = application.venture
    names = [venture.name_en, venture.name_ar, venture.website]
    if venture.organization_id:
        org = venture.organization
        names += [org.name_en, org.name_ar, org.website]
    people = list(
        Person.objects.filter(team_roles__venture=venture).values_list(
            "name_en", "name_ar", "email", "phone"
        )
    )
    applicant = application.applicant
    people += list(
        Person.objects.filter(user_id=applicant.pk).values_list(
            "name_en", "name_ar", "email", "phone"
        )
    )
    for row in people:
        names += list(row)
    names += [
        applicant.username, applicant.email, applicant.first_name, applicant.last_name,
        applicant.get_full_name(),
    ]  # fmt: skip
    person_ids = Person.objects.filter(user_id=applicant.pk).values("pk")
    for org_en, org_ar in Affiliation.objects.filter(person_id__in=person_ids).values_list(
        "organization__name_en", "organization__name_ar"
    ):
        names += [org_en, org_ar]
    return [n for n in names if n]


def _answers(application, tokens: list[str] | None) -> list[dict]:
    out = []
    for item in application.frozen_answers or []:
        if not isinstance(item, dict) or item.get("kind") == "file":
            continue
        value = item.get("value")
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        value = "" if value is None else str(value)
        if tokens is not None:
            value = blind.redact(value, tokens)
        out.append(
            {
                "key": item.get("key", ""),
                "label": pick({"en": item.get("label_en", ""), "ar": item.get("label_ar", "")}),
                "value": value,
            }
        )
    return out


def application_view(scope, application, *, details: bool = True) -> ApplicationView:
    """The application as `scope` may see it. Under blind review (for anyone but staff) names,
    people, organizations, emails and names inside answers and file names are hidden."""
    hide = not can_see_identity(scope, application)
    venture = application.venture
    tokens = blind.identity_tokens(identity_strings(application)) if hide and details else None
    if hide:
        view = ApplicationView(
            id=application.pk,
            reference=application.reference,
            blind=True,
            title=application.reference,
            venture_name=None,
            organization=None,
            applicant_name=None,
            applicant_email=None,
            team=[],
            stage=venture.get_stage_display(),
            sdg_goals=[],
        )
    else:
        view = ApplicationView(
            id=application.pk,
            reference=application.reference,
            blind=False,
            title=venture.name,
            venture_name=venture.name,
            organization=venture.organization.name if venture.organization_id else None,
            applicant_name=_person_name(application.applicant),
            applicant_email=application.applicant.email,
            team=[str(m.person) for m in venture.team.select_related("person")] if details else [],
            stage=venture.get_stage_display(),
            sdg_goals=[],
        )
    if not details:
        return view
    view.sdg_goals = sorted(g.number for g in venture.sdg_goals.all())
    view.answers = _answers(application, tokens)
    for position, att in enumerate(application.attachments.all(), start=1):
        name = att.original_name
        if tokens is not None:
            name = blind.blind_file_name(name, position, tokens)
        view.attachments.append(AttachmentView(att.pk, att.key, name, att.size, att.content_type))
    return view


def _person_name(user) -> str:
    person = getattr(user, "person", None)
    if person is not None:
        return str(person)
    return user.get_full_name() or user.username


def reviewer_label(user) -> str:
    return _person_name(user) if user is not None else _("(nobody)")


def download_name(user, attachment) -> str:
    """The file name to serve an attachment under: the original, or a name without the
    applicant's identity when a reviewer downloads it from a blind call (for programs)."""
    from markaz.core.access import scope_for

    application = attachment.application
    if can_see_identity(scope_for(user), application):
        return attachment.original_name
    ids = list(application.attachments.values_list("pk", flat=True))
    position = ids.index(attachment.pk) + 1 if attachment.pk in ids else 1
    tokens = blind.identity_tokens(identity_strings(application))
    return blind.blind_file_name(attachment.original_name, position, tokens)
