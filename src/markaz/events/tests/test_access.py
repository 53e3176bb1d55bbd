"""The core access matrices, restricted to this app's pages and operations (so they can run
while other apps are still joining the matrix), plus the rules inside one center."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from markaz.core.models import AuditEntry
from markaz.core.tests import test_access_matrix as pages
from markaz.core.tests import test_api_access as apis
from markaz.events.tests import access

PERSONAS = [*pages.PERSONAS, "stranger"]


@pytest.fixture
def b_events(center_b, outsider, org_b, venture_b):
    from markaz.stakeholders.factories import PersonFactory

    objects = {
        "org_b": org_b,
        "venture_b": venture_b,
        "person_b": PersonFactory(center=center_b, name_en="Wanjiru"),
        "fund_b": SimpleNamespace(pk=0),
    }
    return {**objects, **access.objects_b(center_b, objects)}


def _page_urls(center_b, objects):
    urls = []
    for name, params in pages._center_url_names():
        if not name.startswith("events-"):
            continue
        kwargs = {"center": center_b.slug}
        if "pk" in params:
            kwargs["pk"] = pages._pk_for(name, objects)
        urls.append((name, reverse(name, kwargs=kwargs)))
    return urls


def _operations():
    ops = {"list_events", "create_event", "get_event", "update_event", "add_event_question"}
    return [op for op in apis.OPERATIONS if "event" in op[0] or op[0] in ops]


def test_every_events_page_and_operation_is_mapped(center_b, b_events):
    assert len(_page_urls(center_b, b_events)) >= 14
    assert len(_operations()) >= 13


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_role_of_center_a_reaches_center_bs_event_pages(
    persona, request, client, center_b, b_events
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    before = (AuditEntry.objects.count(), access.state_of_b(center_b))
    for name, url in _page_urls(center_b, b_events):
        got = client.get(url)
        assert got.status_code in (404, 405), f"{persona} GET {name} → {got.status_code}"
        posted = client.post(url, {"code": b_events["event_registration_b"].ticket_code})
        assert posted.status_code == 404, f"{persona} POST {name} → {posted.status_code}"
    assert (AuditEntry.objects.count(), access.state_of_b(center_b)) == before


def test_anonymous_visitors_of_event_pages_are_sent_to_sign_in(client, center_b, b_events):
    for name, url in _page_urls(center_b, b_events):
        got = client.get(url)
        assert got.status_code in (302, 405), f"GET {name} → {got.status_code}"
        if got.status_code == 302:
            assert "/accounts/login/" in got["Location"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_persona_of_center_a_reaches_center_bs_events_through_the_api(
    persona, request, client, center_b, b_events
):
    client.force_login(request.getfixturevalue(persona))
    before = access.state_of_b(center_b)
    for operation, method, path in _operations():
        response = getattr(client, method)(
            apis._url(path, b_events),
            apis._body(operation, b_events),
            content_type="application/json",
        )
        assert response.status_code == 404, f"{persona} {operation}: {response.content}"
        assert "Baobab" not in response.content.decode()
    assert access.state_of_b(center_b) == before


def test_anonymous_api_callers_must_authenticate_for_events(client, b_events):
    for operation, method, path in _operations():
        response = getattr(client, method)(
            apis._url(path, b_events),
            apis._body(operation, b_events),
            content_type="application/json",
        )
        assert response.status_code == 401, operation
