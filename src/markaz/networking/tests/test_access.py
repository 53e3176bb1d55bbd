"""Networking's own slice of the access matrices: every networking page and API operation,
as every persona of center A, against center B's objects: 404, nothing written."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from markaz.core.models import AuditEntry
from markaz.networking.tests import access

PERSONAS = ["admin_a", "staff_a", "reviewer_a", "mentor_a", "innovator_a", "partner_a", "funder_a"]


def _networking_urls():
    found = []

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and (p.name or "").startswith("networking-"):
                found.append((p.name, sorted(p.pattern.converters)))

    walk(get_resolver().url_patterns)
    return sorted(found)


def _operations():
    from markaz.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return sorted(
        (op["operationId"], method, path)
        for path, ops in schema["paths"].items()
        if "/network/" in path or path.endswith("/network")
        for method, op in ops.items()
    )


@pytest.fixture
def objects_b(center_b, outsider):
    from markaz.stakeholders.factories import PersonFactory

    objects = {"person_b": PersonFactory(center=center_b, name_en="Private Person B")}
    return {**objects, **access.objects_b(center_b, objects)}


def _page_urls(center_b, objs):
    prefixes = dict(access.PAGE_PK_PREFIXES)
    urls = []
    for name, params in _networking_urls():
        kwargs = {"center": center_b.slug}
        if "pk" in params:
            key = next(v for k, v in prefixes.items() if name.startswith(k))
            kwargs["pk"] = objs[key].pk
        urls.append((name, reverse(name, kwargs=kwargs)))
    return urls


def _api_url(path, objs):
    def fill(match):
        name = match.group(1)
        if name == "slug":
            return "baobab-lab"
        key = {"person_id": "listed_person_b", **access.API_OBJECT_FOR}[name]
        return str(objs[key].pk)

    return re.sub(r"\{(\w+)\}", fill, path)


def test_the_app_has_its_pages_and_operations():
    assert len(_networking_urls()) >= 12
    assert len(_operations()) >= 12


@pytest.mark.parametrize("persona", [*PERSONAS, "stranger"])
def test_no_persona_of_center_a_reaches_center_bs_network(
    persona, request, client, center_a, center_b, objects_b
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    before = access.state_of_b(center_b)
    audits = AuditEntry.objects.count()
    for name, url in _page_urls(center_b, objects_b):
        assert client.get(url).status_code in (404, 405), f"{persona} GET {name}"
        assert client.post(url, {"visibility": "network", "answer": "accept"}).status_code == 404
    for operation, method, path in _operations():
        body = {"accept": True, "message": "x", **access.api_body(operation, objects_b)}
        response = getattr(client, method)(
            _api_url(path, objects_b), body, content_type="application/json"
        )
        assert response.status_code == 404, f"{persona} {operation}: {response.status_code}"
    assert access.state_of_b(center_b) == before
    assert AuditEntry.objects.count() == audits


def test_anonymous_visitors_are_sent_to_sign_in_or_told_to_authenticate(
    client, center_b, objects_b
):
    for name, url in _page_urls(center_b, objects_b):
        got = client.get(url)
        assert got.status_code in (302, 405), name
        if got.status_code == 302:
            assert "/accounts/login/" in got["Location"]
    for operation, method, path in _operations():
        response = getattr(client, method)(
            _api_url(path, objects_b), {}, content_type="application/json"
        )
        assert response.status_code == 401, operation
