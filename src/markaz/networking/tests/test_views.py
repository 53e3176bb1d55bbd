"""Pages and API: the directory, graph and suggestions show only what each person chose."""

import pytest
from django.urls import reverse

from markaz.core.factories import CenterFactory, NetworkFactory
from markaz.networking.factories import NetworkingProfileFactory
from markaz.networking.models import Introduction, NetworkingProfile
from markaz.stakeholders.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _url(name, center, **kw):
    return reverse(name, kwargs={"center": center.slug, **kw})


def test_the_directory_lists_only_people_who_chose_to_be_listed(
    client, center_a, staff_a, innovator_a, mentor_a, partner_a, funder_a, nw_community
):
    for viewer in (innovator_a, staff_a):
        client.force_login(viewer)
        page = client.get(_url("networking-directory", center_a)).content.decode()
        assert mentor_a.person.name in page
        assert partner_a.person.name not in page  # hidden
        assert funder_a.person.name not in page  # no profile: hidden
        api = client.get("/api/v1/centers/amal-hub/network/people").json()
        names = {p["name"] for p in api["items"]}
        assert mentor_a.person.name in names
        assert {partner_a.person.name, funder_a.person.name}.isdisjoint(names)
        assert "email" not in api["items"][0]


def test_hidden_people_have_no_directory_page(
    client, center_a, innovator_a, partner_a, nw_community
):
    client.force_login(innovator_a)
    url = _url("networking-person", center_a, pk=partner_a.person.pk)
    assert client.get(url).status_code == 404
    api = client.get(f"/api/v1/centers/amal-hub/network/people/{partner_a.person.pk}")
    assert api.status_code == 404
    posted = client.post(_url("networking-person-introduce", center_a, pk=partner_a.person.pk))
    assert posted.status_code == 404
    assert not Introduction.objects.exists()


def test_directory_filters_by_sector_sdg_and_expertise(
    client, center_a, innovator_a, mentor_a, nw_community
):
    client.force_login(innovator_a)
    base = "/api/v1/centers/amal-hub/network/people"

    def names(query):
        return {p["name"] for p in client.get(f"{base}?{query}").json()["items"]}

    assert names("sector=government") == {mentor_a.person.name}
    assert names("sdg=13") == {mentor_a.person.name}
    assert names("expertise=kiosk") == {innovator_a.person.name}
    assert names("q=regulation") == {mentor_a.person.name}
    page = client.get(_url("networking-directory", center_a) + "?sector=non_profit")
    assert innovator_a.person.name in page.content.decode()
    assert mentor_a.person.name not in page.content.decode()


def test_network_visibility_reaches_sister_centers_and_center_visibility_does_not(
    client, center_a, mentor_a, innovator_a, nw_community
):
    network = NetworkFactory(slug="levant")
    sister = CenterFactory(slug="sister-hub", name_en="Sister Hub")
    center_a.networks.add(network)
    sister.networks.add(network)
    wide = PersonFactory(center=sister, name_en="Network Wide")
    NetworkingProfileFactory(person=wide, visibility="network")
    local = PersonFactory(center=sister, name_en="Sister Local")
    NetworkingProfileFactory(person=local, visibility="center")
    client.force_login(innovator_a)
    page = client.get(_url("networking-directory", center_a)).content.decode()
    assert "Network Wide" in page and "Sister Local" not in page
    assert client.get(_url("networking-person", center_a, pk=local.pk)).status_code == 404
    assert client.get(_url("networking-person", center_a, pk=wide.pk)).status_code == 200


def test_the_graph_never_shows_hidden_people(
    client, center_a, staff_a, innovator_a, mentor_a, partner_a, funder_a, nw_community
):
    for viewer in (innovator_a, staff_a):
        client.force_login(viewer)
        data = client.get(_url("networking-graph-json", center_a)).json()
        people = {n["pk"] for n in data["nodes"] if n["kind"] == "person"}
        assert mentor_a.person.pk in people and innovator_a.person.pk in people
        assert partner_a.person.pk not in people and funder_a.person.pk not in people
        api = client.get("/api/v1/centers/amal-hub/network/graph").json()
        assert api["nodes"] == data["nodes"]
        page = client.get(_url("networking-graph", center_a)).content.decode()
        assert partner_a.person.name not in page
        assert mentor_a.person.name in page  # the table alternative


def test_the_graph_hides_private_ventures_from_non_team_members(
    client, center_a, mentor_a, innovator_a, venture_a, nw_community
):
    client.force_login(mentor_a)
    data = client.get(_url("networking-graph-json", center_a)).json()
    assert venture_a.pk not in {n["pk"] for n in data["nodes"] if n["kind"] == "venture"}
    client.force_login(innovator_a)
    data = client.get(_url("networking-graph-json", center_a)).json()
    assert venture_a.pk in {n["pk"] for n in data["nodes"] if n["kind"] == "venture"}
    assert all(
        0 <= n["x"] <= data["width"] and 0 <= n["y"] <= data["height"] for n in data["nodes"]
    )


def test_the_graph_filters_by_sector(client, center_a, innovator_a, mentor_a, nw_community):
    client.force_login(innovator_a)
    data = client.get(_url("networking-graph-json", center_a) + "?sector=government").json()
    labels = {n["label"] for n in data["nodes"]}
    assert "Ministry of Water" in labels and mentor_a.person.name in labels
    assert "Water Friends" not in labels


def test_who_to_meet_explains_itself_and_never_suggests_hidden_people(
    client, center_a, innovator_a, mentor_a, partner_a, nw_community
):
    client.force_login(innovator_a)
    found = client.get("/api/v1/centers/amal-hub/network/who-to-meet").json()
    assert [s["person"]["id"] for s in found] == [mentor_a.person.pk]
    reasons = found[0]["reasons"]
    assert reasons["new_sectors"] == ["government"]
    assert reasons["shared_sdgs"] == [6]
    assert reasons["shared_expertise"] == ["policy"]
    assert found[0]["explanation"] == [
        "Works in a sector you are not yet connected to: Government.",
        "Shares SDG 6 with you.",
        "Has expertise in policy, which interests you.",
    ]
    page = client.get(_url("networking-who-to-meet", center_a)).content.decode()
    assert "Shares SDG 6 with you." in page
    assert partner_a.person.name not in page


def test_people_edit_only_their_own_profile(client, center_a, innovator_a, nw_community):
    client.force_login(innovator_a)
    url = _url("networking-profile", center_a)
    assert client.get(url).status_code == 200
    got = client.post(
        url,
        {"visibility": "hidden", "expertise": "kiosks, Kiosks, water", "interests": "",
         "sdg_goals": ["6", "3"], "open_to_introductions": "on"},
    )  # fmt: skip
    assert got.status_code == 302
    profile = NetworkingProfile.objects.get(person=innovator_a.person)
    assert profile.visibility == "hidden"
    assert profile.expertise == ["kiosks", "water"]
    assert sorted(g.pk for g in profile.sdg_goals.all()) == [3, 6]
    response = client.put(
        "/api/v1/centers/amal-hub/network/profile",
        {"visibility": "network", "expertise": ["water"], "sdg_goals": [6]},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["visibility"] == "network"
    bad = client.put(
        "/api/v1/centers/amal-hub/network/profile",
        {"visibility": "everyone"},
        content_type="application/json",
    )
    assert bad.status_code == 422


def test_a_user_without_a_person_has_no_profile_page(client, center_a, stranger):
    from markaz.core.models import Membership

    Membership.objects.create(user=stranger, center=center_a, role="mentor")
    client.force_login(stranger)
    assert client.get(_url("networking-profile", center_a)).status_code == 404
    assert client.get("/api/v1/centers/amal-hub/network/profile").status_code == 404


def test_the_introduction_flow_through_pages_and_api(
    client,
    center_a,
    innovator_a,
    mentor_a,
    staff_a,
    nw_community,
    django_capture_on_commit_callbacks,
):
    client.force_login(innovator_a)
    with django_capture_on_commit_callbacks(execute=True):
        got = client.post(
            _url("networking-person-introduce", center_a, pk=mentor_a.person.pk),
            {"message": "Hello"},
        )
    intro = Introduction.objects.get()
    assert got.status_code == 302
    assert (
        client.get(_url("networking-introduction-detail", center_a, pk=intro.pk)).status_code == 200
    )
    # Somebody else's introduction is invisible to a third member.
    other = PersonFactory(center=center_a, name_en="Third")
    NetworkingProfileFactory(person=other)
    client.force_login(staff_a)
    assert (
        client.get(_url("networking-introduction-detail", center_a, pk=intro.pk)).status_code == 200
    )
    client.force_login(mentor_a)
    listed = client.get("/api/v1/centers/amal-hub/network/introductions").json()
    assert listed["items"][0]["your_answer_needed"] is True
    with django_capture_on_commit_callbacks(execute=True):
        answered = client.post(
            f"/api/v1/centers/amal-hub/network/introductions/{intro.pk}/answer",
            {"accept": False},
            content_type="application/json",
        )
    assert answered.json()["state"] == "declined"
    client.force_login(innovator_a)
    seen = client.get(f"/api/v1/centers/amal-hub/network/introductions/{intro.pk}").json()
    assert seen["state"] == "expired"  # declines are quiet
    page = client.get(_url("networking-introduction-detail", center_a, pk=intro.pk))
    assert "Closed without an introduction" in page.content.decode()


def test_only_staff_see_analytics(client, center_a, staff_a, innovator_a, nw_community):
    client.force_login(innovator_a)
    assert client.get(_url("networking-analytics", center_a)).status_code == 403
    assert client.get("/api/v1/centers/amal-hub/network/analytics").status_code == 403
    client.force_login(staff_a)
    assert client.get(_url("networking-analytics", center_a)).status_code == 200
    data = client.get("/api/v1/centers/amal-hub/network/analytics").json()
    assert data["cross_sector"]["organizations"] >= 3


def test_staff_broker_a_proposal_from_the_page(
    client, center_a, staff_a, innovator_a, mentor_a, partner_a, nw_community
):
    client.force_login(staff_a)
    url = _url("networking-introduction-propose", center_a)
    assert client.get(url).status_code == 200
    refused = client.post(url, {"requester": innovator_a.person.pk, "target": partner_a.person.pk})
    assert refused.status_code == 200 and not Introduction.objects.exists()
    got = client.post(url, {"requester": innovator_a.person.pk, "target": mentor_a.person.pk})
    assert got.status_code == 302
    assert Introduction.objects.get().via_staff
    client.force_login(innovator_a)
    assert client.get(url).status_code == 403


def test_analytics_never_name_a_hidden_person_as_broker(
    client, center_a, staff_a, partner_a, nw_community
):
    from markaz.networking.graph import network_analytics
    from markaz.stakeholders.factories import AffiliationFactory

    # The hidden partner now joins the private firm and the ministry: a bridge.
    AffiliationFactory(person=partner_a.person, organization=nw_community["gov"])
    raw = network_analytics([center_a], top_brokers=20)["centers"][0]["brokers"]
    assert f"person:{partner_a.person.pk}" in {b["node"] for b in raw}
    client.force_login(staff_a)
    data = client.get("/api/v1/centers/amal-hub/network/analytics").json()
    assert f"person:{partner_a.person.pk}" not in {b["node"] for b in data["brokers"]}
    page = client.get(_url("networking-analytics", center_a)).content.decode()
    assert partner_a.person.name not in page


def _grow_directory(center, n):
    from markaz.stakeholders.factories import AffiliationFactory

    for _ in range(n):
        person = PersonFactory(center=center)
        AffiliationFactory(person=person, organization__center=center)
        NetworkingProfileFactory(person=person, sdgs=[6, 13])


def test_directory_and_introduction_lists_cost_the_same_queries_for_5_or_30_rows(
    client, center_a, innovator_a, mentor_a, staff_a, nw_community
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff_a)
    urls = [
        "/api/v1/centers/amal-hub/network/people",
        "/api/v1/centers/amal-hub/network/introductions",
        _url("networking-directory", center_a),
        _url("networking-introduction-list", center_a),
    ]
    counts = []
    for grow in (5, 25):
        _grow_directory(center_a, grow)
        for person in PersonFactory.create_batch(grow // 5, center=center_a):
            NetworkingProfileFactory(person=person)
            Introduction.objects.create(
                center=center_a, requester=person, target=mentor_a.person,
                expires_at="2099-01-01T00:00:00Z",
            )  # fmt: skip
        row = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            row.append(len(ctx.captured_queries))
        counts.append(row)
    assert counts[0] == counts[1]
    assert max(counts[1]) <= 14


def test_a_listed_persons_entry_shows_only_ventures_the_viewer_may_see(
    client, center_a, innovator_a, mentor_a, venture_a, nw_community
):
    client.force_login(mentor_a)
    url = f"/api/v1/centers/amal-hub/network/people/{innovator_a.person.pk}"
    assert client.get(url).json()["ventures"] == []  # venture_a is private
    client.force_login(innovator_a)
    assert client.get(url).json()["ventures"] == [{"id": venture_a.pk, "name": venture_a.name}]


def test_a_shared_challenge_is_named_in_the_explanation(
    client, center_a, staff_a, innovator_a, mentor_a, venture_a, nw_community
):
    from markaz.networking.graph import optional_model

    if optional_model("challenges", "Challenge") is None:
        pytest.skip("the challenges app is not installed")
    from markaz.challenges.factories import ChallengeFactory, CommentFactory
    from markaz.challenges.models import ChallengeVenture

    challenge = ChallengeFactory(center=center_a, title_en="Dry summers", created_by=staff_a)
    ChallengeVenture.objects.create(challenge=challenge, venture=venture_a, linked_by=staff_a)
    CommentFactory(challenge=challenge, author=mentor_a)
    client.force_login(innovator_a)
    found = client.get("/api/v1/centers/amal-hub/network/who-to-meet").json()
    assert found[0]["reasons"]["shared_challenges"] == [
        {"id": challenge.pk, "title": "Dry summers"}
    ]
    assert "Works on the challenge “Dry summers”, as you do." in found[0]["explanation"]
    # The staff member who created and linked it is not tied to it.
    from markaz.networking.graph import build_graph

    graph = build_graph([center_a.pk])
    assert f"person:{staff_a.person.pk}" not in graph[f"challenge:{challenge.pk}"]
