"""The core access matrices, narrowed to this app's pages and operations (so a failure here
is ours), plus the same-center rules: partners act only for their organization."""

import re

import pytest
from django.urls import reverse

from markaz.core.models import AuditEntry
from markaz.core.tests.test_access_matrix import _center_url_names
from markaz.core.tests.test_api_access import _center_operations
from markaz.resources.tests import access

PERSONAS = ["admin_a", "staff_a", "reviewer_a", "mentor_a", "innovator_a", "partner_a", "funder_a"]


@pytest.fixture
def objects_b(center_b, org_b, venture_b):
    return access.objects_b(center_b, {"org_b": org_b, "venture_b": venture_b})


def _pages(objects):
    urls = []
    for name, params in _center_url_names():
        if not name.startswith("resources-"):
            continue
        kwargs = {"center": "baobab-lab"}
        if "pk" in params:
            key = next(k for prefix, k in access.PAGE_PK_PREFIXES if name.startswith(prefix))
            kwargs["pk"] = objects[key].pk
        urls.append((name, reverse(name, kwargs=kwargs)))
    return urls


def _operations():
    return [op for op in _center_operations() if op[0] in OPERATION_IDS]


OPERATION_IDS = {
    "list_resources", "create_resource", "get_resource", "update_resource",
    "get_resource_availability", "check_resource_eligibility", "list_bookings", "create_booking",
    "get_booking", "decide_booking", "cancel_booking", "list_service_requests",
    "create_service_request", "get_service_request", "respond_to_service_request",
    "deliver_service_request", "log_service_hours", "withdraw_service_request",
    "get_resources_report",
}  # fmt: skip


def test_every_page_and_operation_of_the_app_is_mapped(objects_b):
    assert len(_pages(objects_b)) == 17
    assert {op for op, _m, _p in _operations()} == OPERATION_IDS


@pytest.mark.parametrize("persona", [*PERSONAS, "stranger"])
def test_no_role_of_center_a_reaches_center_bs_resources(
    persona, request, client, center_b, objects_b
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    before = access.state_of_b(center_b)
    audit = AuditEntry.objects.count()
    for name, url in _pages(objects_b):
        got = client.get(url)
        assert got.status_code in (404, 405), f"{persona} GET {name} → {got.status_code}"
        assert client.post(url, {"name_en": "hijack"}).status_code == 404, name
    objects = {**objects_b, "venture_b": objects_b["booking_b"].venture}
    for op, method, path in _operations():
        url = re.sub(
            r"\{(\w+)\}",
            lambda m: (
                "baobab-lab"
                if m.group(1) == "slug"
                else str(
                    objects[{**access.API_OBJECT_FOR, "venture_id": "venture_b"}[m.group(1)]].pk
                )
            ),
            path,
        )
        got = getattr(client, method)(
            url, access.api_body(op, objects), content_type="application/json"
        )
        assert got.status_code == 404, f"{persona} {op} → {got.status_code}"
    assert access.state_of_b(center_b) == before
    assert AuditEntry.objects.count() == audit


def test_anonymous_visitors_are_asked_to_sign_in(client, objects_b):
    for name, url in _pages(objects_b):
        got = client.get(url)
        assert got.status_code in (302, 405), name
    for op, method, path in _operations():
        url = re.sub(r"\{\w+\}", lambda m: "baobab-lab" if m.group(0) == "{slug}" else "1", path)
        assert (
            getattr(client, method)(url, {}, content_type="application/json").status_code == 401
        ), op


def test_a_partner_sees_only_requests_to_their_organization(
    client, partner_a, innovator_a, staff_a, center_a, legal_service_a, venture_a, org_a
):
    from markaz.core.access import scope_for
    from markaz.resources import services

    other = services.create_resource(
        scope=scope_for(staff_a),
        center=center_a,
        data={"kind": "service", "owner": org_a, "name_en": "Design sprint"},
    )
    mine = services.create_service_request(
        scope=scope_for(innovator_a), resource=legal_service_a, venture=venture_a, need="Bylaws"
    )
    theirs = services.create_service_request(
        scope=scope_for(innovator_a), resource=other, venture=venture_a, need="Logo"
    )
    client.force_login(partner_a)
    base = "/api/v1/centers/amal-hub/service-requests"
    assert [r["id"] for r in client.get(base).json()["items"]] == [mine.pk]
    assert client.get(f"{base}/{theirs.pk}").status_code == 404
    page = reverse("resources-service-detail", kwargs={"center": "amal-hub", "pk": theirs.pk})
    assert client.get(page).status_code == 404
