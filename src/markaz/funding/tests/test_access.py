"""Every funding page × every role of center A against center B's funding objects: never
reachable (404; 405 for GET on POST-only pages), and nothing is written."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from markaz.funding.tests.fixtures import milestone

PERSONAS = ["admin_a", "staff_a", "reviewer_a", "mentor_a", "innovator_a", "partner_a", "funder_a"]
# URL name prefix → which of center B's objects fills `pk` (the same map the lead adds to the
# core access matrix).
PK_FOR = [
    ("funding-fund-", "fund"),
    ("funding-award-", "award"),
    ("funding-milestone-", "milestone"),
    ("funding-entry-", "entry"),
]


def _funding_center_urls() -> list[tuple[str, list[str]]]:
    found = []

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif (
                isinstance(p, URLPattern)
                and (p.name or "").startswith("funding-")
                and "<slug:center>" in prefix + str(p.pattern)
            ):
                found.append((p.name, sorted(p.pattern.converters)))

    walk(get_resolver().url_patterns)
    return found


@pytest.fixture
def b_objects(award_b):
    from markaz.funding.factories import MilestoneFactory

    MilestoneFactory(award=award_b, tranche_amount=1000)
    return {
        "fund": award_b.fund,
        "award": award_b,
        "milestone": milestone(award_b),
        "entry": award_b.entries.first(),
    }


def _urls(center, objects):
    urls = []
    for name, params in _funding_center_urls():
        kwargs = {"center": center.slug}
        if "pk" in params:
            kind = next(kind for prefix, kind in PK_FOR if name.startswith(prefix))
            kwargs["pk"] = objects[kind].pk
        urls.append((name, reverse(name, kwargs=kwargs)))
    return urls


def test_every_funding_page_is_covered(center_b, b_objects):
    names = {n for n, _ in _funding_center_urls()}
    assert len(names) == len(_urls(center_b, b_objects)) >= 18


@pytest.mark.parametrize("persona", [*PERSONAS, "stranger"])
def test_no_role_of_center_a_reads_or_writes_center_b_funding(
    persona, request, client, center_b, b_objects
):
    from markaz.core.models import AuditEntry
    from markaz.funding.models import LedgerEntry

    client.force_login(request.getfixturevalue(persona))
    audit, entries = AuditEntry.objects.count(), LedgerEntry.objects.count()
    for name, url in _urls(center_b, b_objects):
        got = client.get(url)
        assert got.status_code in (404, 405), f"{persona} GET {name} → {got.status_code}"
        posted = client.post(url, {"memo": "x", "decision": "accept", "evidence_text": "x"})
        assert posted.status_code == 404, f"{persona} POST {name} → {posted.status_code}"
    assert (AuditEntry.objects.count(), LedgerEntry.objects.count()) == (audit, entries)


def test_anonymous_visitors_are_sent_to_sign_in(client, center_b, b_objects):
    for name, url in _urls(center_b, b_objects):
        got = client.get(url)
        assert got.status_code in (302, 405), f"GET {name} → {got.status_code}"


# A body valid for every funding write, so that a 404 is the access rule, not a 422.
API_BODY = {
    "name_en": "Planted", "funder": 1, "amount": "100.00", "currency": "USD",
    "starts_on": "2026-01-01", "ends_on": "2026-12-31", "fund": 1, "venture": 1,
    "title_en": "Planted", "awarded_on": "2026-01-01", "due_on": "2026-06-01",
    "description_en": "Planted", "tranche_amount": "10.00", "text": "x", "accept": True,
    "method": "bank_transfer", "reference": "R", "paid_on": "2026-01-01", "memo": "x",
    "refunded_on": "2026-01-01",
}  # fmt: skip
API_OBJECT_FOR = {
    "fund_id": "fund", "award_id": "award", "milestone_id": "milestone", "entry_id": "entry"
}  # fmt: skip


def _api_operations():
    from markaz.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return [
        (op["operationId"], method, path)
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
        if "{slug}" in path and "funding" in op.get("tags", [])
    ]


def _api_url(path, center, objects):
    def fill(match):
        name = match.group(1)
        return center.slug if name == "slug" else str(objects[API_OBJECT_FOR[name]].pk)

    return re.sub(r"\{(\w+)\}", fill, path)


def test_public_open_data_operations_are_outside_the_center_paths():
    from markaz.api import api

    paths = api.get_openapi_schema(path_prefix="/api/v1/")["paths"]
    public = [p for p in paths if "open-data" in p]
    assert public and all("{slug}" not in p for p in public)
    assert len(_api_operations()) >= 13


@pytest.mark.parametrize("persona", [*PERSONAS, "stranger"])
def test_the_api_hides_center_b_funding_from_every_role_of_center_a(
    persona, request, client, center_b, b_objects
):
    from markaz.funding.models import LedgerEntry

    client.force_login(request.getfixturevalue(persona))
    entries = LedgerEntry.objects.count()
    for operation, method, path in _api_operations():
        url = _api_url(path, center_b, b_objects)
        got = getattr(client, method)(url, API_BODY, content_type="application/json")
        assert got.status_code == 404, f"{persona} {operation}: {got.status_code}"
    assert LedgerEntry.objects.count() == entries


def test_anonymous_api_callers_must_authenticate(client, center_b, b_objects):
    for operation, method, path in _api_operations():
        url = _api_url(path, center_b, b_objects)
        got = getattr(client, method)(url, API_BODY, content_type="application/json")
        assert got.status_code == 401, operation
