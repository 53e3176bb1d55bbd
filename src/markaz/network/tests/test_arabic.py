"""The network's pages speak Arabic."""

import datetime as dt

from django.urls import reverse
from django.utils import translation

from markaz.core.access import scope_for
from markaz.core.tests.arabic import english_left_on
from markaz.network import services


def test_network_pages_have_no_english_left_in_arabic(
    client, network_ab, admin_a, staff_a, center_a, center_b, venture_a, program_b
):
    p = services.propose_partnership(
        scope=scope_for(admin_a),
        center=center_a,
        data={"partner": center_b, "kind": "exchange", "title_ar": "تبادل",
              "starts_on": dt.date(2026, 1, 1)},
    )  # fmt: skip
    r = services.draft_referral(
        scope=scope_for(staff_a),
        center=center_a,
        data={"venture": venture_a, "program": program_b, "note": "ملاحظة"},
    )
    community = services.create_community(
        scope=scope_for(admin_a), network=network_ab, data={"name_ar": "مجتمع الأثر"}
    )
    thread = services.start_thread(
        scope=scope_for(admin_a), community=community, title="سؤال", body="ما رأيكم؟"
    )
    client.force_login(admin_a)
    c, n = center_a.slug, network_ab.slug
    with translation.override("ar"):
        urls = [
            reverse("network-home", kwargs={"center": c}),
            reverse("network-partnership-create", kwargs={"center": c}),
            reverse("network-partnership-detail", kwargs={"center": c, "pk": p.pk}),
            reverse("network-referral-create", kwargs={"center": c}),
            reverse("network-referral-detail", kwargs={"center": c, "pk": r.pk}),
            reverse("network-overview", kwargs={"network": n}),
            reverse("network-community-list", kwargs={"network": n}),
            reverse("network-community-detail", kwargs={"network": n, "pk": community.pk}),
            reverse(
                "network-thread-detail",
                kwargs={"network": n, "pk": community.pk, "thread": thread.pk},
            ),
        ]
    assert all(u.startswith("/ar/") for u in urls)
    assert english_left_on(client, urls) == {}
