"""Pages: who sees what across the network."""

import datetime as dt

import pytest
from django.urls import reverse

from markaz.core.access import scope_for
from markaz.network import services
from markaz.network.models import Community, CommunityMember, Thread


@pytest.fixture
def referral(network_ab, staff_a, center_a, venture_a, program_b):
    venture_a.problem_en = "Families queue for unsafe water."
    venture_a.save()
    return services.draft_referral(
        scope=scope_for(staff_a),
        center=center_a,
        data={"venture": venture_a, "program": program_b, "note": "Ready for acceleration."},
    )


def _referral_url(center, referral):
    return reverse("network-referral-detail", kwargs={"center": center.slug, "pk": referral.pk})


def test_receiving_center_sees_no_venture_details_before_consent(
    client, referral, staff_a, innovator_a, outsider, center_b
):
    url_b = _referral_url(center_b, referral)
    client.force_login(outsider)
    assert client.get(url_b).status_code == 404  # a draft is the referring center's own
    services.ask_consent(scope=scope_for(staff_a), referral=referral)
    page = client.get(url_b).content.decode()
    assert "Ready for acceleration." in page
    assert "Clean Water Kiosks" not in page and "unsafe water" not in page
    services.give_consent(scope=scope_for(innovator_a), referral=referral)
    page = client.get(url_b).content.decode()
    assert "Clean Water Kiosks" in page and "unsafe water" in page


def test_venture_team_consents_from_its_own_center_page(
    client, referral, staff_a, innovator_a, center_a
):
    services.ask_consent(scope=scope_for(staff_a), referral=referral)
    client.force_login(innovator_a)
    url = reverse("network-referral-consent", kwargs={"center": center_a.slug, "pk": referral.pk})
    assert client.post(url).status_code == 302
    referral.refresh_from_db()
    assert referral.state == "sent"


def test_other_roles_of_the_referring_center_do_not_see_referrals(
    client, referral, mentor_a, center_a
):
    client.force_login(mentor_a)
    assert client.get(_referral_url(center_a, referral)).status_code == 404


@pytest.fixture
def agreement(network_ab, admin_a, center_a, center_b):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return services.propose_partnership(
        scope=scope_for(admin_a),
        center=center_a,
        data={
            "partner": center_b,
            "kind": "referral",
            "title_en": "Referral agreement",
            "starts_on": dt.date(2026, 1, 1),
        },
        document=SimpleUploadedFile("agreement.pdf", b"%PDF-1.4\n%%EOF\n"),
    )


def _downloads(client, user, url) -> bool:
    client.force_login(user)
    response = client.get(url)
    if response.status_code == 404:
        return False
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    return True


def test_agreement_download_is_for_the_two_centers_staff_only(
    client, agreement, admin_a, staff_a, center_a, center_b, outsider, innovator_a, mentor_a
):
    def url(center):
        kwargs = {"center": center.slug, "pk": agreement.pk}
        return reverse("network-partnership-document", kwargs=kwargs)

    assert _downloads(client, admin_a, url(center_a))
    assert _downloads(client, staff_a, url(center_a))
    assert _downloads(client, outsider, url(center_b))
    assert not _downloads(client, outsider, url(center_a))
    assert not _downloads(client, innovator_a, url(center_a))
    assert not _downloads(client, mentor_a, url(center_a))


def test_coordinators_download_agreements_from_the_network_and_nobody_else_there(
    client, agreement, network_ab, coordinator, staff_a, innovator_a, staff_c, center_c
):
    from markaz.core.models import Network, NetworkRole

    url = reverse(
        "network-agreement-document", kwargs={"network": network_ab.slug, "pk": agreement.pk}
    )
    assert _downloads(client, coordinator, url)
    overview = reverse("network-overview", kwargs={"network": network_ab.slug})
    assert url in client.get(overview).content.decode()
    assert _downloads(client, staff_a, url)  # staff of the proposer, from the network too
    assert not _downloads(client, innovator_a, url)
    assert not _downloads(client, staff_c, url)
    # A coordinator of another network reaches neither the network nor the agreement.
    other = Network.objects.create(slug="other", name_en="Other", name_ar="أخرى")
    other.centers.add(center_c)
    NetworkRole.objects.filter(user=coordinator).update(network=other)
    assert not _downloads(client, coordinator, url)


def test_coordinator_manages_membership_and_admins_cannot(
    client, network_ab, coordinator, admin_a, center_c
):
    url = reverse("network-members", kwargs={"network": network_ab.slug})
    client.force_login(admin_a)
    assert client.get(url).status_code == 403
    assert client.post(url, {"center": center_c.pk}).status_code == 403
    client.force_login(coordinator)
    assert client.get(url).status_code == 200
    assert client.post(url, {"center": center_c.pk}).status_code == 302
    assert network_ab.centers.filter(pk=center_c.pk).exists()
    remove = reverse(
        "network-member-remove", kwargs={"network": network_ab.slug, "member": center_c.slug}
    )
    assert client.post(remove).status_code == 302
    assert not network_ab.centers.filter(pk=center_c.pk).exists()


def test_network_pages_are_hidden_from_centers_outside_the_network(
    client, network_ab, staff_c, stranger
):
    community = Community.objects.create(network=network_ab, name_en="Rural innovation")
    urls = [
        reverse("network-overview", kwargs={"network": network_ab.slug}),
        reverse("network-community-list", kwargs={"network": network_ab.slug}),
        reverse(
            "network-community-detail", kwargs={"network": network_ab.slug, "pk": community.pk}
        ),
    ]
    for user in (staff_c, stranger):
        client.force_login(user)
        assert [client.get(u).status_code for u in urls] == [404, 404, 404]
        join = reverse(
            "network-community-join", kwargs={"network": network_ab.slug, "pk": community.pk}
        )
        assert client.post(join).status_code == 404
    assert not CommunityMember.objects.exists()
    client.logout()
    assert client.get(urls[0]).status_code == 302


def test_shared_knowledge_never_shows_a_center_only_entry(
    client, network_ab, center_a, innovator_a, outsider, coordinator
):
    from markaz.knowledge.factories import EntryFactory

    EntryFactory(center=center_a, title_en="Amal internal playbook", visibility="center")
    EntryFactory(center=center_a, title_en="Amal shared lessons", visibility="network")
    url = reverse("network-overview", kwargs={"network": network_ab.slug})
    for user in (outsider, coordinator, innovator_a):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert "Amal shared lessons" in page
        assert "Amal internal playbook" not in page


def test_overview_shows_directory_map_and_counts(client, network_ab, outsider, venture_a):
    client.force_login(outsider)
    page = client.get(reverse("network-overview", kwargs={"network": network_ab.slug}))
    html = page.content.decode()
    assert "<svg" in html and "<circle" in html
    assert "Amal Hub" in html and "tile" not in html.split("<svg")[1].split("</svg>")[0]


def test_community_members_discuss_and_non_members_only_read(client, network_ab, staff_a, outsider):
    community = services.create_community(
        scope=scope_for(staff_a), network=network_ab, data={"name_en": "Rural innovation"}
    )
    base = {"network": network_ab.slug, "pk": community.pk}
    client.force_login(outsider)
    detail = reverse("network-community-detail", kwargs=base)
    assert client.get(detail).status_code == 200
    new_thread = reverse("network-thread-create", kwargs=base)
    assert client.post(new_thread, {"title": "Hi", "body": "x"}).status_code == 403
    client.post(reverse("network-community-join", kwargs=base))
    response = client.post(
        new_thread, {"title": "Rural outreach", "body": "<script>alert(1)</script>**bold**"}
    )
    assert response.status_code == 302
    thread = Thread.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "<strong>bold</strong>" in page and "<script>alert(1)" not in page
    reply_url = reverse("network-thread-detail", kwargs={**base, "thread": thread.pk})
    assert client.post(reply_url, {"body": "Count me in"}).status_code == 302
    assert thread.replies.count() == 1


def test_coordinator_invites_and_the_center_admin_accepts_on_the_pages(
    client, network_ab, coordinator, center_c
):
    from markaz.core.factories import UserFactory
    from markaz.core.models import Membership
    from markaz.core.tests.arabic import english_left_on

    admin_c = UserFactory(username="admin_c", email="admin_c@example.org")
    Membership.objects.create(user=admin_c, center=center_c, role="admin")
    client.force_login(coordinator)
    invite = "/ar" + reverse("network-member-invite", kwargs={"network": network_ab.slug})[3:]
    assert client.post(invite, {"center": center_c.pk}).status_code == 302
    members_ar = "/ar" + reverse("network-members", kwargs={"network": network_ab.slug})[3:]
    assert english_left_on(client, [members_ar]) == {}
    inv = center_c.network_invitations.get()
    client.force_login(admin_c)
    home = reverse("network-home", kwargs={"center": center_c.slug})
    answer = reverse("network-invitation-answer", kwargs={"center": center_c.slug, "pk": inv.pk})
    assert answer[3:] in client.get(home).content.decode()
    assert client.post(answer, {"answer": "accept"}).status_code == 302
    assert network_ab.centers.filter(pk=center_c.pk).exists()
