"""Networking pages in Arabic show no English interface text."""

import pytest
from django.core import mail
from django.utils import translation

from markaz.core.access import scope_for
from markaz.core.tests.arabic import english_left_on
from markaz.networking import services

pytestmark = pytest.mark.django_db


def test_networking_pages_are_fully_arabic(
    client, center_a, staff_a, innovator_a, mentor_a, nw_community
):
    intro = services.request_introduction(
        scope=scope_for(innovator_a), center=center_a, target=mentor_a.person
    )
    c = center_a.slug
    translation.activate("ar")
    member_pages = [
        f"/ar/c/{c}/network/people/",
        f"/ar/c/{c}/network/people/{mentor_a.person.pk}/",
        f"/ar/c/{c}/network/me/",
        f"/ar/c/{c}/network/introductions/",
        f"/ar/c/{c}/network/introductions/{intro.pk}/",
        f"/ar/c/{c}/network/who-to-meet/",
        f"/ar/c/{c}/network/graph/",
    ]
    client.force_login(innovator_a)
    assert english_left_on(client, member_pages) == {}
    client.force_login(mentor_a)
    assert english_left_on(client, [f"/ar/c/{c}/network/introductions/{intro.pk}/"]) == {}
    client.force_login(staff_a)
    staff_pages = [
        f"/ar/c/{c}/network/analytics/",
        f"/ar/c/{c}/network/introductions/new/",
        f"/ar/c/{c}/network/graph/?sector=government",
    ]
    assert english_left_on(client, staff_pages) == {}


def test_the_who_to_meet_explanation_is_arabic_on_arabic_pages(
    client, center_a, innovator_a, mentor_a, nw_community
):
    client.force_login(innovator_a)
    translation.activate("ar")
    page = client.get(f"/ar/c/{center_a.slug}/network/who-to-meet/").content.decode()
    assert "يشاركك الهدف 6." in page
    assert mail.outbox == []
