"""The network overview's impact: verified roll-ups merged over the network's centers (never one
venture's figure), and the impact figures peer deployments shared for the same network."""

from __future__ import annotations

from django.urls import reverse

from markaz.core.access import scope_for


def _verify(center, staff, admin, ventures_values):
    from markaz.impact import services as impact
    from markaz.impact.factories import IndicatorFactory, VentureIndicatorFactory, quarter
    from markaz.sdg.models import Target

    people = IndicatorFactory(center=center, code="REACH", name_en="Reach", unit="persons")
    people.sdg_targets.add(Target.objects.get(pk="6.1"))
    q1 = quarter(center, 2026, 1)
    for venture, value in ventures_values:
        VentureIndicatorFactory(venture=venture, indicator=people)
        report = impact.submit_report(
            scope=scope_for(staff), venture=venture, period=q1,
            values=[{"indicator": "REACH", "value": value}],
        )  # fmt: skip
        impact.review_report(scope=scope_for(admin), report=report, decision="verify")


def test_overview_shows_verified_impact_by_sdg_from_the_roll_ups(
    client, network_ab, center_a, staff_a, admin_a, venture_a, outsider
):
    from markaz.ventures.factories import VentureFactory

    url = reverse("network-overview", kwargs={"network": network_ab.slug})
    client.force_login(outsider)
    _verify(center_a, staff_a, admin_a, [(venture_a, "25")])
    page = client.get(url).text
    assert "No verified impact reports from two or more ventures" in page  # one venture: hidden
    second = VentureFactory(center=center_a, name_en="Solar Pumps")
    _verify_more(center_a, staff_a, admin_a, second, "17")
    page = client.get(url).text
    assert "Verified impact by SDG goal" in page and "42" in page and "persons" in page


def _verify_more(center, staff, admin, venture, value):
    from markaz.impact import services as impact
    from markaz.impact.factories import VentureIndicatorFactory
    from markaz.impact.models import Indicator, ReportingPeriod

    people = Indicator.objects.get(center=center, code="REACH")
    VentureIndicatorFactory(venture=venture, indicator=people)
    report = impact.submit_report(
        scope=scope_for(staff), venture=venture, period=ReportingPeriod.objects.get(center=center),
        values=[{"indicator": "REACH", "value": value}],
    )  # fmt: skip
    impact.review_report(scope=scope_for(admin), report=report, decision="verify")


def test_overview_lists_impact_that_peers_shared_for_the_same_network(
    client, network_ab, outsider, fake_peer
):
    from markaz.federation import services

    activity = fake_peer.activity(1, title="Peer network impact", networks=[network_ab.slug])
    activity.pop("signature")
    activity["object"].update({"type": "Note", "markaz:kind": "impact",
                               "markaz:network": network_ab.slug})  # fmt: skip
    from markaz.federation import signing

    fake_peer.add(signing.sign(activity, key_id=fake_peer.peer.actor_url + "#main-key",
                               key=fake_peer.key))  # fmt: skip
    fake_peer.peer.networks = [network_ab.slug]
    fake_peer.peer.save()
    services.sync_peer(fake_peer.peer, retries=0)
    client.force_login(outsider)  # staff of center B, in the network
    page = client.get(reverse("network-overview", kwargs={"network": network_ab.slug})).text
    assert "Peer network impact" in page and "Peer Test" in page
