"""Membership management, partnerships and referrals through the services."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from markaz.core.access import scope_for
from markaz.core.models import AuditEntry
from markaz.network import services
from markaz.network.models import Partnership, PartnershipStatus, ReferralState

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_only_coordinators_add_and_remove_centers(network_ab, coordinator, admin_a, center_c):
    with pytest.raises(PermissionDenied):
        services.add_center_to_network(
            scope=scope_for(admin_a), network=network_ab, center=center_c
        )
    assert not network_ab.centers.filter(pk=center_c.pk).exists()
    services.add_center_to_network(
        scope=scope_for(coordinator), network=network_ab, center=center_c
    )
    assert network_ab.centers.filter(pk=center_c.pk).exists()
    assert AuditEntry.objects.filter(action="network.membership.added", center=center_c).exists()
    services.remove_center_from_network(
        scope=scope_for(coordinator), network=network_ab, center=center_c
    )
    assert not network_ab.centers.filter(pk=center_c.pk).exists()
    assert AuditEntry.objects.filter(action="network.membership.removed").count() == 1


def test_adding_a_center_twice_is_refused(network_ab, coordinator, center_a):
    with pytest.raises(ValidationError):
        services.add_center_to_network(
            scope=scope_for(coordinator), network=network_ab, center=center_a
        )


def _propose(admin_a, center_a, center_b, **extra):
    data = {
        "partner": center_b,
        "kind": "exchange",
        "title_en": "Founder exchange",
        "starts_on": dt.date(2026, 3, 1),
        **extra,
    }
    return services.propose_partnership(scope=scope_for(admin_a), center=center_a, data=data)


def test_partnership_is_proposed_by_one_admin_and_accepted_by_the_other(
    network_ab,
    admin_a,
    admin_b,
    staff_a,
    center_a,
    center_b,
    outsider,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        p = _propose(admin_a, center_a, center_b)
    assert p.status == PartnershipStatus.PROPOSED
    assert {m.to[0] for m in mail.outbox} >= {admin_b.email}
    with pytest.raises(PermissionDenied):  # the proposer cannot accept its own proposal
        services.accept_partnership(scope=scope_for(admin_a), partnership=p)
    with pytest.raises(PermissionDenied):  # staff are not admins
        services.accept_partnership(scope=scope_for(outsider), partnership=p)
    p = services.accept_partnership(scope=scope_for(admin_b), partnership=p)
    assert p.status == PartnershipStatus.ACTIVE and p.accepted_by == admin_b
    services.end_partnership(scope=scope_for(admin_a), partnership=p)
    p.refresh_from_db()
    assert p.status == PartnershipStatus.ENDED
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"network.partnership.proposed", "network.partnership.accepted"} <= actions
    assert AuditEntry.objects.filter(action="network.partnership.ended", center=center_b).exists()


def test_partnership_needs_a_shared_network_and_valid_dates(admin_a, center_a, center_b):
    with pytest.raises(ValidationError) as exc:
        _propose(admin_a, center_a, center_b)
    assert "partner" in exc.value.message_dict
    assert not Partnership.objects.exists()


def test_partnership_end_before_start_is_refused(network_ab, admin_a, center_a, center_b):
    with pytest.raises(ValidationError) as exc:
        _propose(admin_a, center_a, center_b, ends_on=dt.date(2026, 1, 1))
    assert "ends_on" in exc.value.message_dict


def test_agreement_document_must_be_a_real_document(network_ab, admin_a, center_a, center_b):
    fake = SimpleUploadedFile("agreement.pdf", b"MZ not a pdf at all")
    with pytest.raises(ValidationError) as exc:
        services.propose_partnership(
            scope=scope_for(admin_a),
            center=center_a,
            data={
                "partner": center_b,
                "kind": "knowledge",
                "title_en": "X",
                "starts_on": dt.date(2026, 1, 1),
            },
            document=fake,
        )
    assert "document" in exc.value.message_dict
    assert not Partnership.objects.exists()


@pytest.fixture
def referral(network_ab, staff_a, center_a, venture_a, program_b):
    return services.draft_referral(
        scope=scope_for(staff_a),
        center=center_a,
        data={"venture": venture_a, "program": program_b, "note": "Strong water pilot."},
    )


def test_referral_goes_through_consent_before_it_is_sent(
    referral, staff_a, innovator_a, outsider, center_b, django_capture_on_commit_callbacks
):
    assert referral.state == ReferralState.DRAFTED
    with pytest.raises(PermissionDenied):  # no consent before it is asked
        services.give_consent(scope=scope_for(innovator_a), referral=referral)
    with django_capture_on_commit_callbacks(execute=True):
        services.ask_consent(scope=scope_for(staff_a), referral=referral)
    assert any(innovator_a.email in m.to for m in mail.outbox)
    with pytest.raises(PermissionDenied):  # the receiving center cannot decide yet
        services.decide_referral(scope=scope_for(outsider), referral=referral, accept=True)
    with pytest.raises(PermissionDenied):  # staff cannot consent for the venture
        services.give_consent(scope=scope_for(staff_a), referral=referral)
    r = services.give_consent(scope=scope_for(innovator_a), referral=referral)
    assert r.state == ReferralState.SENT and r.consented_by == innovator_a
    r = services.decide_referral(
        scope=scope_for(outsider), referral=r, accept=False, comment="Full"
    )
    assert r.state == ReferralState.DECLINED
    states = list(r.events.values_list("state", flat=True))
    assert states == ["drafted", "awaiting_consent", "sent", "declined"]
    assert AuditEntry.objects.filter(action="network.referral.declined", center=center_b).exists()


def test_referral_needs_a_program_of_a_network_center(staff_a, center_a, venture_a, program_b):
    with pytest.raises(ValidationError) as exc:
        services.draft_referral(
            scope=scope_for(staff_a),
            center=center_a,
            data={"venture": venture_a, "program": program_b, "note": "x"},
        )
    assert "program" in exc.value.message_dict


def test_withdrawn_referral_cannot_be_accepted(referral, staff_a, outsider):
    services.withdraw_referral(scope=scope_for(staff_a), referral=referral)
    referral.refresh_from_db()
    assert referral.state == ReferralState.WITHDRAWN
    with pytest.raises(PermissionDenied):
        services.decide_referral(scope=scope_for(outsider), referral=referral, accept=True)


def test_invited_center_joins_when_its_admin_accepts(
    network_ab, coordinator, center_c, staff_c, django_capture_on_commit_callbacks
):
    from markaz.core.factories import UserFactory
    from markaz.core.models import Membership

    admin_c = UserFactory(username="admin_c", email="admin_c@example.org")
    Membership.objects.create(user=admin_c, center=center_c, role="admin")
    with django_capture_on_commit_callbacks(execute=True):
        inv = services.invite_center(
            scope=scope_for(coordinator), network=network_ab, center=center_c
        )
    assert [m.to for m in mail.outbox] == [["admin_c@example.org"]]
    assert not network_ab.centers.filter(pk=center_c.pk).exists()
    with pytest.raises(PermissionDenied):  # staff are not admins
        services.answer_invitation(scope=scope_for(staff_c), invitation=inv, accept=True)
    with pytest.raises(ValidationError):  # one pending invitation at a time
        services.invite_center(scope=scope_for(coordinator), network=network_ab, center=center_c)
    services.answer_invitation(scope=scope_for(admin_c), invitation=inv, accept=True)
    assert network_ab.centers.filter(pk=center_c.pk).exists()
    assert AuditEntry.objects.filter(action="network.invitation.accepted", center=center_c).exists()
