import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from markaz.core.access import scope_for
from markaz.core.models import ApiToken, AuditEntry, Membership
from markaz.privacy import services
from markaz.privacy.models import Consent, ErasureStatus, PurgedApplication


def _erase(user, admin):
    request = services.request_erasure(scope=scope_for(user))
    return services.confirm_erasure(scope=scope_for(admin), request=request)


def test_erasure_anonymizes_the_person_and_deactivates_the_login(rich_innovator, admin_a, client):
    user, person = rich_innovator["user"], rich_innovator["person"]
    old_email = user.email
    done = _erase(user, admin_a)
    assert done.status == ErasureStatus.COMPLETED
    user.refresh_from_db()
    person.refresh_from_db()
    assert user.username == f"erased-{user.pk}" and not user.is_active
    assert not user.has_usable_password() and user.email.endswith("@erased.invalid")
    assert person.name_en.startswith("Erased person") and person.email == ""
    assert person.phone == "" and person.bio_en == ""
    assert not Membership.objects.filter(user=user).exists()
    assert not ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()
    rich_innovator["registration"].refresh_from_db()
    assert rich_innovator["registration"].answers == {}
    assert rich_innovator["registration"].feedback.comment == ""
    assert rich_innovator["registration"].feedback.rating == 4  # aggregates keep their inputs
    assert person.affiliations.get().title == ""
    assert person.networking_profile.visibility == "hidden"
    assert not Consent.objects.filter(person=person, withdrawn_at__isnull=True).exists()
    application = rich_innovator["application"]
    application.refresh_from_db()
    assert application.answers == {} and application.status == "rejected"
    assert not application.attachments.exists()
    assert PurgedApplication.objects.filter(application=application).exists()
    # The session and the token stop working.
    client.force_login(user)
    assert client.get("/api/v1/me").status_code == 401
    headers = {"Authorization": f"Bearer {rich_innovator['token_secret']}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    # The audit entry holds ids and counts, not what was erased.
    entry = AuditEntry.objects.get(action="privacy.erasure.completed")
    text = json.dumps(entry.changes) + entry.object_repr
    assert old_email not in text and "Innovator" not in text and "0799" not in text
    assert entry.actor == admin_a


def test_erasure_is_idempotent(rich_innovator, admin_a, staff_a):
    request = services.request_erasure(scope=scope_for(rich_innovator["user"]))
    services.confirm_erasure(scope=scope_for(admin_a), request=request)
    again = services.confirm_erasure(scope=scope_for(admin_a), request=request)
    assert again.status == ErasureStatus.COMPLETED
    assert AuditEntry.objects.filter(action="privacy.erasure.completed").count() == 1
    # Running every eraser a second time changes nothing.
    from markaz.privacy.parts import Subject

    user = type(rich_innovator["user"]).objects.get(pk=rich_innovator["user"].pk)
    second = services.erase_subject(Subject(user=user, person=user.person))
    assert second == dict.fromkeys(second, 0)


def test_ledger_balances_and_impact_rollups_are_identical_after_erasure(
    innovator_a, admin_a, staff_a, staff2_a, award_a, impact_a, center_a
):
    from markaz.funding import ledger
    from markaz.funding.models import LedgerEntry
    from markaz.funding.tests.fixtures import milestone, pay
    from markaz.impact import rollups
    from markaz.impact import services as impact

    pay(milestone(award_a, 1), staff_a, staff2_a)
    report = impact.submit_report(
        scope=scope_for(innovator_a), venture=impact_a["venture"], period=impact_a["q1"],
        values=[{"indicator": "PEOPLE", "value": "10"}],
    )  # fmt: skip
    impact.review_report(scope=scope_for(staff_a), report=report, decision="verify")

    def state():
        return {
            "award": ledger.award_balance(award_a),
            "fund": ledger.fund_balance(award_a.fund),
            "entries": list(LedgerEntry.objects.order_by("pk").values()),
            "rollups": rollups.stored(center_a.pk),
        }

    before = state()
    assert before["award"].disbursed == Decimal("4000.00")
    _erase(innovator_a, admin_a)
    assert state() == before
    assert rollups.recompute(center_a.pk) == rollups.stored(center_a.pk)


def test_the_audit_chain_still_verifies_after_erasure(rich_innovator, admin_a):
    from markaz.core import audit_chain

    audit_chain.seal(settle=timedelta(0))
    _erase(rich_innovator["user"], admin_a)
    audit_chain.seal(settle=timedelta(0))
    assert audit_chain.verify().ok


def test_only_an_admin_of_the_persons_center_confirms(rich_innovator, staff_a, outsider, center_b):
    from markaz.core.factories import UserFactory

    request = services.request_erasure(scope=scope_for(rich_innovator["user"]))
    admin_b = UserFactory(username="admin_b")
    Membership.objects.create(user=admin_b, center=center_b, role="admin")
    for who in (staff_a, outsider, admin_b, rich_innovator["user"]):
        with pytest.raises(PermissionDenied):
            services.confirm_erasure(scope=scope_for(who), request=request)
    request.refresh_from_db()
    assert request.status == ErasureStatus.PENDING
    assert rich_innovator["user"].is_active


def test_one_waiting_request_at_a_time_and_the_person_may_cancel_it(innovator_a, staff_a):
    request = services.request_erasure(scope=scope_for(innovator_a))
    with pytest.raises(ValidationError):
        services.request_erasure(scope=scope_for(innovator_a))
    with pytest.raises(PermissionDenied):
        services.cancel_erasure(scope=scope_for(staff_a), request=request)
    services.cancel_erasure(scope=scope_for(innovator_a), request=request)
    request.refresh_from_db()
    assert request.status == ErasureStatus.CANCELLED
    services.request_erasure(scope=scope_for(innovator_a))  # a new one may follow


def test_a_refusal_needs_a_reason_and_leaves_the_person_untouched(innovator_a, admin_a):
    request = services.request_erasure(scope=scope_for(innovator_a))
    with pytest.raises(ValidationError):
        services.reject_erasure(scope=scope_for(admin_a), request=request, note=" ")
    services.reject_erasure(scope=scope_for(admin_a), request=request, note="Open award audit")
    innovator_a.refresh_from_db()
    assert innovator_a.is_active
    with pytest.raises(ValidationError):
        services.confirm_erasure(scope=scope_for(admin_a), request=request)


def test_a_center_token_cannot_ask_for_erasure(innovator_a, center_a):
    with pytest.raises(PermissionDenied):
        services.request_erasure(scope=scope_for(innovator_a, token_center_id=center_a.pk))


def test_an_operator_confirms_from_the_command_line(innovator_a, capsys):
    from markaz.cli import main

    request = services.request_erasure(scope=scope_for(innovator_a))
    main(["privacy", "erase", str(request.pk)])
    assert '"status": "completed"' in capsys.readouterr().out
    innovator_a.refresh_from_db()
    assert not innovator_a.is_active
    entry = AuditEntry.objects.get(action="privacy.erasure.completed")
    assert entry.actor is None
