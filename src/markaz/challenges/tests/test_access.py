"""The core access matrices, narrowed to this app's pages and operations (so a neighbour
app still in progress cannot hide a failure here), plus the rules inside one center."""

import pytest
from django.urls import reverse

from markaz.challenges.tests import access as plugin
from markaz.core.models import AuditEntry
from markaz.core.tests import test_access_matrix as pages
from markaz.core.tests import test_api_access as api

PERSONAS = [*pages.PERSONAS, "stranger"]


@pytest.fixture
def page_objects(center_b, outsider, org_b, venture_b):
    objects = {"org_b": org_b, "venture_b": venture_b}
    return {**objects, **plugin.objects_b(center_b, objects)}


def _names_with_center() -> list[str]:
    return [n for n, _p in pages._center_url_names() if n.startswith("challenges-")]


def _urls(center_b, objs) -> list[tuple[str, str]]:
    found = []
    for name, params in pages._center_url_names():
        if not name.startswith("challenges-"):
            continue
        kwargs = {"center": center_b.slug}
        for param in params:
            if param == "pk":
                kwargs["pk"] = objs["challenge_b"].pk
            elif param != "center":
                kwargs[param] = objs[plugin.PAGE_OBJECT_FOR[param]].pk
        found.append((name, reverse(name, kwargs=kwargs)))
    return found


def test_every_challenge_page_is_walked(center_b, page_objects):
    assert len(_urls(center_b, page_objects)) == len(_names_with_center()) >= 15


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_role_of_center_a_reads_or_writes_center_bs_challenge_pages(
    persona, request, client, center_b, page_objects
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    before = (AuditEntry.objects.count(), plugin.state_of_b(center_b))
    for name, url in _urls(center_b, page_objects):
        got = client.get(url)
        assert got.status_code in (404, 405), f"{persona} GET {name} → {got.status_code}"
        posted = client.post(url, {"name_en": "hijack", "role": "owner", "body": "x"})
        assert posted.status_code == 404, f"{persona} POST {name} → {posted.status_code}"
    assert (AuditEntry.objects.count(), plugin.state_of_b(center_b)) == before


def test_anonymous_visitors_of_challenge_pages_are_sent_to_sign_in(client, center_b, page_objects):
    for name, url in _urls(center_b, page_objects):
        got = client.get(url)
        assert got.status_code in (302, 405), name
        if got.status_code == 302:
            assert "/accounts/login/" in got["Location"]


def _my_operations():
    return [op for op in api.OPERATIONS if "challenge" in op[0]]


def _api_url(path: str, objs: dict) -> str:
    import re

    names = {**api.OBJECT_FOR, **plugin.API_OBJECT_FOR}

    def fill(match):
        name = match.group(1)
        return "baobab-lab" if name == "slug" else str(objs[names[name]].pk)

    return re.sub(r"\{(\w+)\}", fill, path)


def _api_body(operation: str, objs: dict) -> dict:
    return {
        "title_en": "Planted",
        "organization": objs["org_b"].pk,
        "venture": objs["venture_b"].pk,
        **plugin.api_body(operation, objs),
    }


def test_the_api_matrix_sees_every_challenge_operation():
    assert len(_my_operations()) >= 15


@pytest.mark.parametrize("persona", api.PERSONAS)
def test_no_persona_of_center_a_reaches_center_bs_challenges_through_the_api(
    persona, request, client, center_a, center_b, page_objects
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    before = plugin.state_of_b(center_b)
    for operation, method, path in _my_operations():
        response = getattr(client, method)(
            _api_url(path, page_objects),
            _api_body(operation, page_objects),
            content_type="application/json",
        )
        assert response.status_code == 404, f"{persona} {operation}: {response.status_code}"
        assert response.json()["code"] == "not_found"
        assert "Baobab" not in response.content.decode()
    assert plugin.state_of_b(center_b) == before
    assert not AuditEntry.objects.filter(center=center_b, actor=user).exists()


def test_anonymous_api_callers_must_authenticate_for_every_challenge_operation(
    client, center_b, page_objects
):
    for operation, method, path in _my_operations():
        response = getattr(client, method)(
            _api_url(path, page_objects),
            _api_body(operation, page_objects),
            content_type="application/json",
        )
        assert response.status_code == 401, operation
