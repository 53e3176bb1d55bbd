"""Double opt-in introductions: the contacts go out only when both have accepted."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from markaz.core.access import scope_for
from markaz.core.models import AuditEntry
from markaz.networking import services
from markaz.networking.models import Introduction, IntroductionState

pytestmark = pytest.mark.django_db


def _request(innovator_a, center_a, mentor_a, **kw):
    return services.request_introduction(
        scope=scope_for(innovator_a), center=center_a, target=mentor_a.person, **kw
    )


def _contacts_in_outbox(*addresses):
    return [m for m in mail.outbox for a in addresses if a in m.body]


def test_a_direct_request_asks_only_the_target_and_shares_no_contact(
    center_a, innovator_a, mentor_a, nw_community, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        intro = _request(innovator_a, center_a, mentor_a, message="Policy advice on kiosks")
    assert intro.state == IntroductionState.ACCEPTED_ONE
    assert [m.to for m in mail.outbox] == [[mentor_a.email]]
    assert "would like to be introduced" in mail.outbox[0].subject
    assert not _contacts_in_outbox(innovator_a.email, mentor_a.person.email)
    assert AuditEntry.objects.filter(action="networking.introduction.requested").count() == 1


def test_the_introduction_email_goes_to_both_only_once_both_accept(
    center_a, innovator_a, mentor_a, nw_community, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        intro = _request(innovator_a, center_a, mentor_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        intro = services.respond_to_introduction(
            scope=scope_for(mentor_a), introduction=intro, accept=True
        )
    assert intro.state == IntroductionState.INTRODUCED
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {innovator_a.email, mentor_a.email}
    assert mentor_a.person.email in by_address[innovator_a.email].body
    assert innovator_a.person.email in by_address[mentor_a.email].body


def test_a_staff_proposal_sends_nothing_with_contacts_until_the_second_yes(
    center_a, staff_a, innovator_a, mentor_a, nw_community, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        intro = services.propose_introduction(
            scope=scope_for(staff_a), center=center_a, requester=innovator_a.person,
            target=mentor_a.person, message="You two should talk",
        )  # fmt: skip
    assert intro.state == IntroductionState.REQUESTED
    assert sorted(m.to[0] for m in mail.outbox) == sorted([innovator_a.email, mentor_a.email])
    assert not _contacts_in_outbox(innovator_a.email, mentor_a.email)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        intro = services.respond_to_introduction(
            scope=scope_for(innovator_a), introduction=intro, accept=True
        )
    assert intro.state == IntroductionState.ACCEPTED_ONE
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        intro = services.respond_to_introduction(
            scope=scope_for(mentor_a), introduction=intro, accept=True
        )
    assert intro.state == IntroductionState.INTRODUCED
    assert len(mail.outbox) == 2


def test_a_request_through_staff_asks_nobody_until_staff_forward_it(
    center_a, staff_a, innovator_a, mentor_a, nw_community, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        intro = _request(innovator_a, center_a, mentor_a, via_staff=True)
    assert intro.state == IntroductionState.REQUESTED
    assert mail.outbox == []
    with pytest.raises(PermissionDenied):
        services.respond_to_introduction(scope=scope_for(mentor_a), introduction=intro, accept=True)
    with pytest.raises(PermissionDenied):
        services.forward_introduction(scope=scope_for(innovator_a), introduction=intro)
    with django_capture_on_commit_callbacks(execute=True):
        intro = services.forward_introduction(scope=scope_for(staff_a), introduction=intro)
    assert intro.state == IntroductionState.ACCEPTED_ONE
    assert [m.to for m in mail.outbox] == [[mentor_a.email]]


def test_a_decline_is_quiet_and_final(
    center_a, innovator_a, mentor_a, nw_community, django_capture_on_commit_callbacks
):
    intro = _request(innovator_a, center_a, mentor_a)
    with django_capture_on_commit_callbacks(execute=True):
        intro = services.respond_to_introduction(
            scope=scope_for(mentor_a), introduction=intro, accept=False
        )
    assert intro.state == IntroductionState.DECLINED
    assert intro.declined_by_id == mentor_a.person.pk
    assert mail.outbox == []
    with pytest.raises(ValidationError):
        services.respond_to_introduction(scope=scope_for(mentor_a), introduction=intro, accept=True)


def test_an_expired_request_cannot_be_accepted_and_sends_nothing(
    center_a, innovator_a, mentor_a, nw_community, django_capture_on_commit_callbacks
):
    intro = _request(innovator_a, center_a, mentor_a)
    Introduction.objects.filter(pk=intro.pk).update(expires_at=timezone.now() - timedelta(days=1))
    intro.refresh_from_db()
    mail.outbox.clear()
    with pytest.raises(ValidationError):
        services.respond_to_introduction(scope=scope_for(mentor_a), introduction=intro, accept=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_introductions() == 1
    intro.refresh_from_db()
    assert intro.state == IntroductionState.EXPIRED
    assert mail.outbox == []
    assert services.expire_introductions() == 0


def test_the_requester_cannot_answer_for_the_target(center_a, innovator_a, mentor_a, nw_community):
    intro = _request(innovator_a, center_a, mentor_a)
    with pytest.raises(PermissionDenied):
        services.respond_to_introduction(
            scope=scope_for(innovator_a), introduction=intro, accept=True
        )
    intro.refresh_from_db()
    assert intro.target_accepted_at is None


def test_hidden_people_and_duplicates_cannot_be_requested(
    center_a, innovator_a, mentor_a, partner_a, funder_a, nw_community
):
    for hidden in (partner_a, funder_a):
        with pytest.raises(ValidationError) as err:
            _request(innovator_a, center_a, hidden)
        assert "target" in err.value.message_dict
    _request(innovator_a, center_a, mentor_a)
    with pytest.raises(ValidationError):
        _request(innovator_a, center_a, mentor_a)
    with pytest.raises(ValidationError):
        services.request_introduction(
            scope=scope_for(mentor_a), center=center_a, target=innovator_a.person
        )
    assert Introduction.objects.count() == 1


def test_each_recipient_reads_the_email_in_their_own_language(
    center_a, innovator_a, mentor_a, nw_community, django_capture_on_commit_callbacks
):
    mentor_a.preferred_language = "ar"
    mentor_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        intro = _request(innovator_a, center_a, mentor_a)
    assert "يود" in mail.outbox[0].subject or "تعارف" in mail.outbox[0].subject
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.respond_to_introduction(scope=scope_for(mentor_a), introduction=intro, accept=True)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address[innovator_a.email].subject.startswith("Meet ")
    assert not by_address[mentor_a.email].subject.startswith("Meet ")
