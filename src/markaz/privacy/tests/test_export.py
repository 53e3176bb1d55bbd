import json

import pytest
from django.http import Http404

from markaz.core.access import scope_for
from markaz.privacy import selectors
from markaz.privacy.registry import PARTS


def _walk_keys(value, found=None):
    found = set() if found is None else found
    if isinstance(value, dict):
        for k, v in value.items():
            found.add(k)
            _walk_keys(v, found)
    elif isinstance(value, list):
        for v in value:
            _walk_keys(v, found)
    return found


def test_the_export_holds_every_part_and_the_persons_data_across_apps(rich_innovator):
    user = rich_innovator["user"]
    data = selectors.export_for(scope_for(user))
    parts = data["parts"]
    assert set(parts) == {p.key for p in PARTS}
    assert parts["profile"]["email"] == user.email
    assert parts["person"]["phone"] == "+962 7 9999 1234"
    assert parts["memberships"]["centers"] == [
        {"center": "amal-hub", "role": "innovator", "since": parts["memberships"]["centers"][0][
            "since"]}
    ]  # fmt: skip
    assert parts["affiliations"][0]["title"] == "Founder"
    assert parts["ventures"][0]["can_manage"] is True
    [application] = parts["applications"]
    assert application["status"] == "rejected"
    assert application["answers"]["pitch"] == "Solar water kiosks"
    assert application["attachments"][0]["key"] == "deck"
    assert parts["events"]["registrations"][0]["answers"] == {"diet": "vegetarian"}
    assert parts["events"]["feedback"][0]["comment"] == "Loved it, Rania"
    assert parts["bookings"]["bookings"][0]["purpose"].startswith("Meeting")
    assert parts["networking"]["profile"]["headline_en"] == "Water engineer"
    assert parts["challenge_comments"][0]["body"] == "My phone is 0799"
    assert parts["consents"][0]["subject"] == "directory"
    assert parts["api_tokens"][0]["name"] == "laptop"
    assert any(e["action"] == "networking.profile.created" for e in parts["audit"])
    json.dumps(data)  # plain JSON all the way down


def test_the_export_never_holds_secrets(rich_innovator):
    data = selectors.export_for(scope_for(rich_innovator["user"]))
    keys = _walk_keys(data)
    assert not keys & {"password", "digest", "secret", "ticket_code"}
    assert rich_innovator["token_secret"] not in json.dumps(data)


def test_staff_see_their_own_work_records_by_id_not_content(rich_innovator, staff_a):
    data = selectors.export_for(scope_for(staff_a))
    app = rich_innovator["application"]
    assert data["parts"]["work"]["programs.Decision.decided_by"] == [app.decision.pk]
    assert "Solar" not in json.dumps(data["parts"]["work"])


def test_a_person_without_a_person_record_gets_an_export_too(stranger):
    data = selectors.export_for(scope_for(stranger))
    assert data["parts"]["person"] is None
    assert data["parts"]["profile"]["username"] == "stranger"


def test_a_center_token_cannot_export_the_whole_person(innovator_a, center_a):
    with pytest.raises(Http404):
        selectors.export_for(scope_for(innovator_a, token_center_id=center_a.pk))


def test_the_summary_counts_each_part(rich_innovator):
    summary = dict(selectors.summary_for(scope_for(rich_innovator["user"])))
    assert len(summary) == len(PARTS)
    assert all(isinstance(n, int) for n in summary.values())
