import pytest
from django.core.exceptions import PermissionDenied

from markaz.core.access import scope_for
from markaz.core.models import AuditEntry
from markaz.privacy import services
from markaz.privacy.consent import TEXTS
from markaz.privacy.models import Consent, ConsentSubject, Withdrawal


def _publish(user, venture, on=True):
    from markaz.ventures import services as ventures

    return ventures.update_venture(scope=scope_for(user), venture=venture,
                                   data={"is_public": on})  # fmt: skip


def test_switching_a_venture_public_records_who_when_and_which_text(innovator_a, venture_a):
    _publish(innovator_a, venture_a)
    consent = Consent.objects.get(venture=venture_a)
    assert consent.subject == ConsentSubject.VENTURE_PUBLIC and consent.is_active
    assert consent.given_by == innovator_a
    assert consent.text_version == TEXTS[ConsentSubject.VENTURE_PUBLIC]["version"]
    assert consent.request_id  # ties it to the audit entry of the change
    _publish(innovator_a, venture_a)  # saving again while public opens nothing new
    assert Consent.objects.filter(venture=venture_a).count() == 1


def test_switching_it_off_closes_the_record(innovator_a, staff_a, venture_a):
    _publish(innovator_a, venture_a)
    _publish(staff_a, venture_a, on=False)
    consent = Consent.objects.get(venture=venture_a)
    assert consent.withdrawn_at is not None and consent.withdrawal == Withdrawal.SWITCHED_OFF
    assert consent.withdrawn_by == staff_a


def test_withdrawing_consent_turns_the_public_profile_off(innovator_a, venture_a):
    _publish(innovator_a, venture_a)
    consent = Consent.objects.get(venture=venture_a)
    services.withdraw_consent(scope=scope_for(innovator_a), consent=consent)
    venture_a.refresh_from_db()
    consent.refresh_from_db()
    assert not venture_a.is_public
    assert consent.withdrawal == Withdrawal.WITHDRAWN and consent.withdrawn_by == innovator_a
    entry = AuditEntry.objects.get(action="privacy.consent.withdrawn")
    assert entry.changes == {"is_public": [True, False]}
    services.withdraw_consent(scope=scope_for(innovator_a), consent=consent)  # idempotent
    assert AuditEntry.objects.filter(action="privacy.consent.withdrawn").count() == 1


def test_people_who_neither_gave_nor_manage_cannot_withdraw(innovator_a, mentor_a, venture_a):
    _publish(innovator_a, venture_a)
    consent = Consent.objects.get(venture=venture_a)
    with pytest.raises(PermissionDenied):
        services.withdraw_consent(scope=scope_for(mentor_a), consent=consent)
    venture_a.refresh_from_db()
    assert venture_a.is_public


def test_directory_visibility_keeps_one_record_per_choice(innovator_a):
    from markaz.networking import services as networking

    person = innovator_a.person
    scope = scope_for(innovator_a)
    networking.update_profile(scope=scope, person=person, data={"visibility": "center"})
    networking.update_profile(scope=scope, person=person, data={"visibility": "network"})
    old, new = Consent.objects.filter(person=person).order_by("pk")
    assert (old.level, old.withdrawal, old.withdrawn_by) == ("center", Withdrawal.CHANGED,
                                                             innovator_a)  # fmt: skip
    assert (new.level, new.is_active, new.given_by) == ("network", True, innovator_a)
    services.withdraw_consent(scope=scope, consent=new)
    person.networking_profile.refresh_from_db()
    assert person.networking_profile.visibility == "hidden"


def test_rows_written_outside_a_service_still_get_a_record(center_a):
    from markaz.ventures.factories import VentureFactory

    venture = VentureFactory(center=center_a, is_public=True)
    consent = Consent.objects.get(venture=venture)
    assert consent.given_by is None and consent.is_active
