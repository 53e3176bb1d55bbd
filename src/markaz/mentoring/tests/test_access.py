"""Mentoring's operations in the API matrix, run on their own (the shared matrix runs every
app's): each persona of center A gets 404 on center B's objects and changes nothing."""

import re

import pytest

from markaz.core.models import AuditEntry
from markaz.core.tests.access_plugins import operation_owners, plugin_api_body
from markaz.mentoring.tests.access import API_OBJECT_FOR, objects_b, state_of_b

PERSONAS = ["admin_a", "staff_a", "reviewer_a", "mentor_a", "innovator_a", "partner_a", "funder_a"]
OBJECT_FOR = {"venture_id": "venture_b", **API_OBJECT_FOR}


def _mine():
    from markaz.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    owners = operation_owners()
    return sorted(
        (op["operationId"], method, path)
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
        if owners.get(op["operationId"]) == "markaz.mentoring"
    )


def test_every_mentoring_operation_has_a_center_b_object_for_its_path():
    operations = _mine()
    assert len(operations) >= 27
    for operation, _method, path in operations:
        assert set(re.findall(r"\{(\w+)\}", path)) <= {"slug", *OBJECT_FOR}, operation


@pytest.fixture
def b_objects(center_b, outsider, venture_b):
    return {"venture_b": venture_b, **objects_b(center_b, {"venture_b": venture_b})}


def _url(path, objects):
    return re.sub(
        r"\{(\w+)\}",
        lambda m: "baobab-lab" if m.group(1) == "slug" else str(objects[OBJECT_FOR[m.group(1)]].pk),
        path,
    )


@pytest.mark.parametrize("persona", [*PERSONAS, "stranger"])
def test_no_persona_of_center_a_reaches_center_bs_mentoring(
    client, request, persona, b_objects, center_a, center_b
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    before = state_of_b(center_b)
    body = {"name_en": "Planted", "text": "Planted", "venture": b_objects["venture_b"].pk}
    for operation, method, path in _mine():
        payload = {**body, **plugin_api_body(operation, b_objects, "markaz.mentoring")}
        response = getattr(client, method)(
            _url(path, b_objects), payload, content_type="application/json"
        )
        assert response.status_code == 404, f"{persona} {operation}: {response.status_code}"
        assert "Baobab" not in response.content.decode()
    assert state_of_b(center_b) == before
    assert not AuditEntry.objects.filter(center=center_b, actor=user).exists()


def test_anonymous_callers_must_authenticate(client, b_objects):
    for operation, method, path in _mine():
        response = getattr(client, method)(
            _url(path, b_objects), {}, content_type="application/json"
        )
        assert response.status_code == 401, operation


def _pages(objects):
    from django.urls import NoReverseMatch, get_resolver, reverse

    from markaz.mentoring.tests.access import PAGE_PK_PREFIXES

    names = sorted(
        {
            n
            for n in get_resolver().reverse_dict
            if isinstance(n, str) and n.startswith("mentoring-")
        }
    )
    urls = []
    for name in names:
        kwargs = {"center": "baobab-lab"}
        try:
            page = reverse(name, kwargs=kwargs)
        except NoReverseMatch:  # the page needs a pk
            key = next(k for prefix, k in PAGE_PK_PREFIXES if name.startswith(prefix))
            page = reverse(name, kwargs={**kwargs, "pk": objects[key].pk})
        urls.append((name, page))
    return urls


def test_every_mentoring_page_has_an_object_of_center_b(b_objects):
    assert len(_pages(b_objects)) >= 25


@pytest.mark.parametrize("persona", [*PERSONAS, "stranger"])
def test_no_persona_of_center_a_opens_center_bs_mentoring_pages(
    client, request, persona, b_objects, center_b
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    before = state_of_b(center_b)
    for name, page in _pages(b_objects):
        got = client.get(page)
        assert got.status_code in (404, 405), f"{persona} GET {name} → {got.status_code}"
        posted = client.post(page, {"name_en": "hijack", "text": "x", "rating": 5})
        assert posted.status_code == 404, f"{persona} POST {name} → {posted.status_code}"
    assert state_of_b(center_b) == before


def test_anonymous_visitors_are_sent_to_sign_in(client, b_objects):
    for name, page in _pages(b_objects):
        got = client.get(page)
        assert got.status_code in (302, 405), name
