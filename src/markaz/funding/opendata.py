"""Open data of a center's publishable awards: a 360Giving package (JSON) and IATI activities (XML).

Only awards marked publishable are exported (`selectors.publishable_awards`, which annotates
their committed and disbursed sums). Recipients are ventures, published under the
venture's name with an identifier of our own: no person's name, email or contact is ever
included, whatever the venture's legal form. Validators use the official schemas copied into
`data/` (see data/ATTRIBUTION.md), so nothing is fetched.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.utils import timezone
from lxml import etree

from markaz.core.models import Center
from markaz.funding.models import Account, Award, EntryKind
from markaz.funding.selectors import publishable_awards

DATA = Path(__file__).resolve().parent / "data"
GIVING_VERSION = "1.4"
IATI_VERSION = "2.03"
# IATI transaction types: 2 outgoing commitment, 3 disbursement.
IATI_TYPE = {Account.COMMITTED: "2", Account.DISBURSED: "3"}


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _english_first(obj, base: str) -> str:
    return getattr(obj, f"{base}_en") or getattr(obj, f"{base}_ar")


def _org_id(center: Center, kind: str, pk: int) -> str:
    return f"360G-markaz-{center.slug}-{kind}-{pk}"


def _grant(award: Award, modified: str) -> dict:
    center, fund, venture = award.center, award.fund, award.venture
    recipient = {
        "id": _org_id(center, "venture", venture.pk),
        "name": venture.name_en or venture.name_ar,
    }
    if venture.country:
        recipient["addressCountry"] = venture.country.code
    grant = {
        "id": f"360G-markaz-{center.slug}-award-{award.pk}",
        "title": _english_first(award, "title")[:140],
        "description": _english_first(award, "description") or _english_first(award, "title"),
        "currency": award.currency,
        "amountAwarded": _number(award.amount),
        "amountDisbursed": _number(Decimal(str(award.disbursed))),
        "awardDate": award.awarded_on.isoformat(),
        "recipientOrganization": [recipient],
        "fundingOrganization": [
            {
                "id": _org_id(center, "org", fund.funder_id),
                "name": _english_first(fund.funder, "name"),
            }
        ],
        "grantProgramme": [{"code": f"fund-{fund.pk}", "title": _english_first(fund, "name")}],
        "dateModified": modified,
    }
    goals = list(venture.sdg_goals.all())
    if goals:
        grant["classifications"] = [
            {"vocabulary": "UN-SDG", "code": str(goal.number), "title": goal.short_en}
            for goal in goals
        ]
    return grant


def build_360giving(center: Center) -> dict:
    """The 360Giving package of the center's publishable awards."""
    modified = timezone.now().replace(microsecond=0).isoformat()
    awards = list(publishable_awards(center))
    return {
        "version": GIVING_VERSION,
        "title": f"{center.name_en or center.name_ar}: awards",
        "identifier": f"markaz-{center.slug}-360giving",
        "issued": timezone.localdate().isoformat(),
        "modified": modified,
        "publisher": {"name": center.name_en or center.name_ar},
        "grants": [_grant(award, modified) for award in awards],
    }


def _narratives(parent, element: str, en: str, ar: str, **attrs) -> etree._Element:
    node = etree.SubElement(parent, element, **attrs)
    wrote = False
    for lang, text in (("en", en), ("ar", ar)):
        if text:
            narrative = etree.SubElement(node, "narrative")
            narrative.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
            narrative.text = text
            wrote = True
    if not wrote:
        etree.SubElement(node, "narrative").text = "-"
    return node


def _iati_activity(root, award: Award, org_ref: str) -> None:
    center, fund, venture = award.center, award.fund, award.venture
    activity = etree.SubElement(
        root,
        "iati-activity",
        {
            "default-currency": award.currency,
            "last-updated-datetime": timezone.now().replace(microsecond=0).isoformat(),
        },
    )
    etree.SubElement(activity, "iati-identifier").text = f"{org_ref}-AWARD-{award.pk}"
    _narratives(activity, "reporting-org", center.name_en, center.name_ar, ref=org_ref, type="21")
    _narratives(activity, "title", award.title_en, award.title_ar)
    _narratives(
        activity,
        "description",
        award.description_en or award.title_en,
        award.description_ar or award.title_ar,
        type="1",
    )
    _narratives(activity, "participating-org", fund.funder.name_en, fund.funder.name_ar,
                role="1", ref=f"{org_ref}-ORG-{fund.funder_id}")  # fmt: skip
    _narratives(
        activity, "participating-org", center.name_en, center.name_ar, role="3", ref=org_ref
    )
    _narratives(activity, "participating-org", venture.name_en, venture.name_ar,
                role="4", ref=f"{org_ref}-VENTURE-{venture.pk}")  # fmt: skip
    # Activity status 2: implementation; 3: finalisation (everything committed is paid).
    committed, disbursed = Decimal(str(award.committed)), Decimal(str(award.disbursed))
    status = "3" if committed and committed == disbursed else "2"
    etree.SubElement(activity, "activity-status", code=status)
    etree.SubElement(
        activity, "activity-date", type="2", **{"iso-date": award.awarded_on.isoformat()}
    )
    if venture.country:
        etree.SubElement(activity, "recipient-country", code=venture.country.code, percentage="100")
    for goal in venture.sdg_goals.all():
        _narratives(
            activity, "tag", goal.short_en, goal.short_ar, vocabulary="2", code=str(goal.number)
        )
    for target in venture.sdg_targets.all():
        _narratives(
            activity, "tag", target.title_en, target.title_ar, vocabulary="3", code=target.code
        )
    for entry in sorted(award.entries.all(), key=lambda e: (e.entry_date, e.pk)):
        tx = etree.SubElement(activity, "transaction")
        etree.SubElement(tx, "transaction-type", code=IATI_TYPE[entry.account])
        etree.SubElement(tx, "transaction-date", **{"iso-date": entry.entry_date.isoformat()})
        value = etree.SubElement(
            tx, "value", currency=entry.currency, **{"value-date": entry.entry_date.isoformat()}
        )
        value.text = str(entry.amount * entry.direction)
        if entry.kind in (EntryKind.REVERSAL, EntryKind.REFUND):
            _narratives(tx, "description", entry.get_kind_display(), "")


def build_iati(center: Center) -> bytes:
    """IATI 2.03 activities XML of the center's publishable awards (one activity each)."""
    org_ref = f"XI-MARKAZ-{center.slug.upper()}"
    root = etree.Element(
        "iati-activities",
        version=IATI_VERSION,
        **{"generated-datetime": timezone.now().replace(microsecond=0).isoformat()},
    )
    for award in publishable_awards(center):
        _iati_activity(root, award, org_ref)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# -- validation against the official schemas ------------------------------------------------


@cache
def _giving_validator():
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    folder = DATA / "360giving"
    package = json.loads((folder / "360-giving-package-schema.json").read_text(encoding="utf-8"))
    grant = json.loads((folder / "360-giving-schema.json").read_text(encoding="utf-8"))
    # Both declare the http:// dialect jsonschema does not recognise: name the draft ourselves.
    registry = Registry().with_resource(
        grant["$id"], Resource.from_contents(grant, default_specification=DRAFT202012)
    )
    return Draft202012Validator(
        package, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def giving_errors(package: dict) -> list[str]:
    """Messages of every schema violation (empty when the package is valid)."""
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
        for e in _giving_validator().iter_errors(package)
    ]


@cache
def _iati_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(DATA / "iati" / "iati-activities-schema.xsd")))


def iati_errors(document: bytes) -> list[str]:
    schema = _iati_schema()
    if schema.validate(etree.fromstring(document)):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]
