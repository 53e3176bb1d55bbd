"""Who may apply to a call, and exactly why not, in the reader's language.

`reasons(call, venture, attachment_keys)` returns one `Reason` per failed rule; an empty list
means eligible. Each reason carries a stable `code` (for the API and tests) and a message
translated when it is read, so the same reasons show in Arabic or English.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django_countries import countries

from markaz.core.i18n import pick
from markaz.ventures.models import LegalForm, Stage


@dataclass(frozen=True)
class Reason:
    code: str
    message: str
    detail: dict = field(default_factory=dict)


def _names(values, labels: dict) -> str:
    return ", ".join(str(labels.get(v, v)) for v in values)


def rule_reasons(call, venture, *, sdg_ids: list[int] | None = None) -> list[Reason]:
    """The venture's own qualities against the call's rules (not documents)."""
    found: list[Reason] = []
    country = venture.country.code if venture.country else ""
    if call.eligible_countries and country not in call.eligible_countries:
        wanted = _names(call.eligible_countries, dict(countries))
        found.append(
            Reason(
                "country",
                _("This call is open to ventures based in %(wanted)s; yours is in %(have)s.")
                % {"wanted": wanted, "have": dict(countries).get(country, _("no country given"))},
            )
        )
    if call.eligible_stages and venture.stage not in call.eligible_stages:
        found.append(
            Reason(
                "stage",
                _("This call is for ventures at the stage %(wanted)s; yours is at %(have)s.")
                % {
                    "wanted": _names(call.eligible_stages, dict(Stage.choices)),
                    "have": dict(Stage.choices).get(venture.stage, venture.stage),
                },
            )
        )
    if call.eligible_legal_forms and venture.legal_form not in call.eligible_legal_forms:
        found.append(
            Reason(
                "legal_form",
                _("This call accepts the legal forms %(wanted)s; yours is %(have)s.")
                % {
                    "wanted": _names(call.eligible_legal_forms, dict(LegalForm.choices)),
                    "have": dict(LegalForm.choices).get(venture.legal_form, venture.legal_form),
                },
            )
        )
    wanted_goals = list(call.eligible_sdgs.all())
    if wanted_goals:
        have = set(
            sdg_ids if sdg_ids is not None else venture.sdg_goals.values_list("pk", flat=True)
        )
        if not have & {g.pk for g in wanted_goals}:
            found.append(
                Reason(
                    "sdgs",
                    _(
                        "This call is for ventures working on SDG %(wanted)s; "
                        "yours works on none of them."
                    )
                    % {"wanted": ", ".join(str(g.pk) for g in wanted_goals)},
                )
            )
    return found


def missing_documents(call, attachment_keys) -> list[Reason]:
    have = set(attachment_keys)
    found = []
    for doc in call.required_documents or []:
        if doc.get("key") not in have:
            label = pick({"en": doc.get("label_en", ""), "ar": doc.get("label_ar", "")}) or doc.get(
                "key"
            )
            found.append(
                Reason(
                    "document",
                    _("Attach the required document: %(name)s.") % {"name": label},
                    {"key": doc.get("key")},
                )
            )
    return found


def reasons(call, venture, attachment_keys=None) -> list[Reason]:
    """Every reason the venture may not (yet) submit to the call; [] when eligible.

    Without `attachment_keys` the documents are not checked (a venture before it applies).
    """
    found = rule_reasons(call, venture)
    if attachment_keys is not None:
        found += missing_documents(call, attachment_keys)
    return found


def describe(call) -> dict:
    """The call's rules as names in the active language, for its pages."""
    return {
        "countries": [dict(countries).get(c, c) for c in call.eligible_countries or []],
        "stages": [dict(Stage.choices).get(s, s) for s in call.eligible_stages or []],
        "legal_forms": [dict(LegalForm.choices).get(s, s) for s in call.eligible_legal_forms or []],
        "documents_named": [
            pick({"en": d.get("label_en", ""), "ar": d.get("label_ar", "")}) or d.get("key")
            for d in call.required_documents or []
        ],
    }
