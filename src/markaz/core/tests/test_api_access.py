"""The API's access matrix: every center-scoped operation × every persona of center A,
against center B's objects: never readable, never writable, always 404.

Operations come from the OpenAPI schema, so a new endpoint is covered without editing this
file; its path parameters must be named in OBJECT_FOR.
"""

import re

import pytest

from markaz.core.models import AuditEntry, Membership
from markaz.core.tests.access_plugins import (
    operation_owners,
    plugin_api_body,
    plugin_api_object_for,
    plugin_objects_b,
    plugin_state_of_b,
)
from markaz.core.tokens import create_token

PERSONAS = [
    "admin_a",
    "staff_a",
    "reviewer_a",
    "mentor_a",
    "innovator_a",
    "partner_a",
    "funder_a",
    "stranger",
]
# Path parameter -> which of center B's objects fills it.
OBJECT_FOR = {
    "organization_id": "org_b",
    "person_id": "person_b",
    "venture_id": "venture_b",
    "membership_id": "membership_b",
    "member_id": "team_member_b",
    "fund_id": "fund_b",
    "award_id": "award_b",
    "milestone_id": "milestone_b",
    "entry_id": "entry_b",
}
# Each capability app adds its own through `markaz.<app>.tests.access`: API_OBJECT_FOR,
# objects_b(), api_body() and state_of_b() (see `markaz.core.tests.access_plugins`).
OBJECT_FOR.update(plugin_api_object_for())


def _center_operations() -> list[tuple[str, str, str]]:
    from markaz.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    found = []
    for path, operations in schema["paths"].items():
        # The center's own profile is public by design; it is tested on its own below.
        if "{slug}" not in path or path.endswith("/centers/{slug}"):
            continue
        for method, operation in operations.items():
            found.append((operation["operationId"], method, path))
    return sorted(found)


OPERATIONS = _center_operations()
OWNERS = operation_owners()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Many users are made here; Argon2 would dominate the run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def objects_b(center_b, outsider, venture_b, org_b, award_b):
    from markaz.funding.factories import MilestoneFactory
    from markaz.stakeholders.factories import AffiliationFactory, PersonFactory
    from markaz.ventures.factories import TeamMemberFactory

    person_b = PersonFactory(center=center_b, name_en="Wanjiru")
    AffiliationFactory(person=person_b, organization=org_b)
    objects = {
        "org_b": org_b,
        "person_b": person_b,
        "venture_b": venture_b,
        "membership_b": Membership.objects.get(user=outsider),
        "team_member_b": TeamMemberFactory(venture=venture_b, person=person_b),
        "fund_b": award_b.fund,
        "award_b": award_b,
        "milestone_b": MilestoneFactory(award=award_b, tranche_amount=1000),
        "entry_b": award_b.entries.first(),
    }
    return plugin_objects_b(center_b, objects)


def _url(path: str, objects: dict) -> str:
    def fill(match):
        name = match.group(1)
        return "baobab-lab" if name == "slug" else str(objects[OBJECT_FOR[name]].pk)

    return re.sub(r"\{(\w+)\}", fill, path)


def _body(operation: str, objects: dict) -> dict:
    """Valid for every write, so that a 404 is the access rule and not a validation error."""
    return {
        "name_en": "Planted",
        "sector": "non_profit",
        "user": "stranger",
        "role": "member" if operation == "add_team_member" else "mentor",
        "organization": objects["org_b"].pk,
        "person": objects["person_b"].pk,
        # funding writes
        "funder": objects["org_b"].pk,
        "fund": objects["fund_b"].pk,
        "venture": objects["venture_b"].pk,
        "amount": "100.00",
        "tranche_amount": "10.00",
        "currency": "USD",
        "title_en": "Planted",
        "description_en": "Planted",
        "text": "Planted",
        "memo": "Planted",
        "reference": "Planted",
        **dict.fromkeys(
            ["starts_on", "ends_on", "awarded_on", "due_on", "paid_on", "refunded_on"],
            "2026-06-01",
        ),
        "accept": True,
        "method": "bank_transfer",
        # knowledge writes
        "type": "toolkit",
        "visibility": "public",
        **plugin_api_body(operation, objects, OWNERS[operation]),
    }


def _state_of_b(center_b) -> dict:
    return {
        "ventures": list(center_b.ventures.values_list("pk", "name_en", "is_public")),
        "organizations": list(center_b.organizations.values_list("pk", "name_en")),
        "people": list(center_b.people.values_list("pk", "name_en")),
        "memberships": list(center_b.memberships.values_list("pk", "user_id", "role")),
        "team": list(center_b.ventures.values_list("team__pk", "team__role")),
        "affiliations": list(center_b.people.values_list("affiliations__pk")),
        "funds": list(center_b.funds.values_list("pk", "name_en", "amount")),
        "awards": list(center_b.awards.values_list("pk", "title_en", "amount")),
        "milestones": list(center_b.awards.values_list("milestones__pk", "milestones__status")),
        "ledger": list(center_b.awards.values_list("entries__pk")),
        **plugin_state_of_b(center_b),
    }


def test_the_matrix_knows_every_center_operation():
    assert len(OPERATIONS) >= 15
    for _op, _method, path in OPERATIONS:
        for name in re.findall(r"\{(\w+)\}", path):
            assert name == "slug" or name in OBJECT_FOR, f"add {name} to OBJECT_FOR"


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_persona_of_center_a_reaches_center_b_through_the_api(
    client, request, persona, objects_b, center_a, center_b, stranger
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    before = _state_of_b(center_b)
    for operation, method, path in OPERATIONS:
        response = getattr(client, method)(
            _url(path, objects_b), _body(operation, objects_b), content_type="application/json"
        )
        assert response.status_code == 404, f"{persona} {operation}: {response.status_code}"
        assert response.json()["code"] == "not_found"
        assert "Baobab" not in response.content.decode()
    assert _state_of_b(center_b) == before
    assert not AuditEntry.objects.filter(center=center_b, actor=user).exists()


def test_a_token_for_center_a_never_reaches_center_b_even_for_bs_admin(
    client, staff_a, objects_b, center_a, center_b
):
    Membership.objects.create(user=staff_a, center=center_b, role="admin")
    _token, secret = create_token(username="staff_a", center_slug="amal-hub")
    headers = {"Authorization": f"Bearer {secret}"}
    before = _state_of_b(center_b)
    for operation, method, path in OPERATIONS:
        response = getattr(client, method)(
            _url(path, objects_b),
            _body(operation, objects_b),
            content_type="application/json",
            headers=headers,
        )
        assert response.status_code == 404, f"token {operation}: {response.status_code}"
    assert _state_of_b(center_b) == before
    # The same user, signed in through the browser, is B's admin and does reach B.
    client.force_login(staff_a)
    assert client.get("/api/v1/centers/baobab-lab/memberships").status_code == 200


def test_anonymous_callers_are_told_to_authenticate_on_every_center_operation(client, objects_b):
    for operation, method, path in OPERATIONS:
        response = getattr(client, method)(
            _url(path, objects_b), _body(operation, objects_b), content_type="application/json"
        )
        assert response.status_code == 401, operation
        assert response.json()["code"] == "not_authenticated"


def test_center_bs_public_profile_is_readable_but_not_changeable_from_center_a(
    client, admin_a, center_b
):
    client.force_login(admin_a)
    assert client.get("/api/v1/centers/baobab-lab").status_code == 200
    response = client.patch(
        "/api/v1/centers/baobab-lab", {"city_en": "Mombasa"}, content_type="application/json"
    )
    assert response.status_code == 403
    center_b.refresh_from_db()
    assert center_b.city_en == "Nairobi"
