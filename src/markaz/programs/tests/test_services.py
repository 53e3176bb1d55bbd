"""Services: phases, deadlines across time zones, eligibility, drafts, the frozen copy,
withdrawal, attachments, decisions with email in the applicant's language, cohorts."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from markaz.core.access import scope_for
from markaz.core.models import AuditEntry
from markaz.programs import eligibility, services
from markaz.programs.models import Application, Cohort, Phase, Status
from markaz.programs.tests.fixtures import GOOD_ANSWERS, build_call, pdf_upload, submit

AMMAN = ZoneInfo("Asia/Amman")


def at(monkeypatch, moment):
    """Pretend the server's clock says `moment`."""
    monkeypatch.setattr(timezone, "now", lambda: moment)


# -- phases ------------------------------------------------------------------------------------


def test_a_call_walks_its_phases_with_an_audit_entry_each(center_a, staff_a, program_a):
    call = build_call(staff_a, center_a, program_a, phase="draft")
    scope = scope_for(staff_a)
    for phase in ("open", "closed", "in_review", "decided", "archived"):
        call = services.change_call_phase(scope=scope, call=call, phase=phase)
        assert call.phase == phase
        assert AuditEntry.objects.filter(action=f"programs.call.{phase}", object_id=call.pk)


@pytest.mark.parametrize(
    "start,target",
    [("draft", "in_review"), ("open", "decided"), ("draft", "archived"), ("in_review", "open")],
)
def test_a_phase_off_the_machine_is_refused_with_a_clear_error(
    center_a, staff_a, program_a, start, target
):
    call = build_call(staff_a, center_a, program_a, phase=start)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.change_call_phase(scope=scope_for(staff_a), call=call, phase=target)
    assert "cannot go from" in exc.value.message_dict["phase"][0]
    call.refresh_from_db()
    assert call.phase == start
    assert AuditEntry.objects.count() == before


def test_only_staff_change_phases(call_a, innovator_a, reviewer_a):
    for user in (innovator_a, reviewer_a):
        with pytest.raises(PermissionDenied):
            services.change_call_phase(scope=scope_for(user), call=call_a, phase="closed")


def test_a_call_with_submissions_cannot_go_back_to_draft(
    call_a, application_a, innovator_a, staff_a
):
    submit(application_a, innovator_a)
    with pytest.raises(ValidationError, match="back to draft"):
        services.change_call_phase(scope=scope_for(staff_a), call=call_a, phase="draft")


def test_a_call_cannot_open_with_a_past_deadline(center_a, staff_a, program_a, monkeypatch):
    call = build_call(staff_a, center_a, program_a, phase="draft")
    at(monkeypatch, call.deadline + dt.timedelta(seconds=1))
    with pytest.raises(ValidationError, match="deadline has passed"):
        services.change_call_phase(scope=scope_for(staff_a), call=call, phase="open")


def test_the_form_is_fixed_once_the_call_is_published(call_a, staff_a):
    with pytest.raises(ValidationError, match="only change while the call is a draft"):
        services.add_form_field(
            scope=scope_for(staff_a),
            call=call_a,
            data={"key": "late", "kind": "short_text", "label_en": "Late"},
        )


def test_choice_questions_need_two_distinct_options(center_a, staff_a, program_a):
    call = build_call(staff_a, center_a, program_a, phase="draft", slug="d2")
    with pytest.raises(ValidationError) as exc:
        services.add_form_field(
            scope=scope_for(staff_a),
            call=call,
            data={
                "key": "c",
                "kind": "single_choice",
                "label_en": "C",
                "choices": [{"value": "a"}],
            },
        )
    assert "choices" in exc.value.message_dict


# -- deadlines ---------------------------------------------------------------------------------


def test_a_submission_one_second_after_an_amman_deadline_is_refused(
    center_a, staff_a, program_a, innovator_a, venture_a, monkeypatch
):
    deadline = dt.datetime(2030, 3, 31, 23, 59, 59, tzinfo=AMMAN)  # 20:59:59 UTC
    call = build_call(staff_a, center_a, program_a, deadline=deadline)
    application = services.start_application(
        scope=scope_for(innovator_a), call=call, venture=venture_a
    )
    services.save_draft(scope=scope_for(innovator_a), application=application, answers=GOOD_ANSWERS)
    services.add_attachment(
        scope=scope_for(innovator_a), application=application, key="deck", upload=pdf_upload()
    )
    at(monkeypatch, dt.datetime(2030, 3, 31, 21, 0, 0, tzinfo=dt.UTC))  # one second late
    with pytest.raises(ValidationError, match="deadline has passed"):
        services.submit_application(scope=scope_for(innovator_a), application=application)
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert mail.outbox == []

    at(monkeypatch, dt.datetime(2030, 3, 31, 20, 59, 59, tzinfo=dt.UTC))  # exactly on time
    submitted = services.submit_application(scope=scope_for(innovator_a), application=application)
    assert submitted.status == Status.SUBMITTED


def test_the_deadline_is_the_same_moment_whichever_zone_wrote_it(
    center_a, staff_a, program_a, monkeypatch
):
    tokyo = dt.datetime(2030, 4, 1, 5, 59, 59, tzinfo=ZoneInfo("Asia/Tokyo"))
    call = build_call(staff_a, center_a, program_a, deadline=tokyo)
    at(monkeypatch, dt.datetime(2030, 3, 31, 17, 0, 0, tzinfo=ZoneInfo("America/New_York")))
    with pytest.raises(ValidationError, match="deadline has passed"):  # 21:00:00 UTC
        services.check_deadline(call)
    at(monkeypatch, dt.datetime(2030, 3, 31, 16, 59, 59, tzinfo=ZoneInfo("America/New_York")))
    services.check_deadline(call)


def test_drafts_cannot_even_be_saved_after_the_deadline(application_a, innovator_a, monkeypatch):
    at(monkeypatch, application_a.call.deadline + dt.timedelta(seconds=1))
    with pytest.raises(ValidationError, match="deadline has passed"):
        services.save_draft(
            scope=scope_for(innovator_a), application=application_a, answers={"pitch": "x"}
        )


# -- eligibility -------------------------------------------------------------------------------


def test_an_ineligible_venture_is_told_every_reason(
    center_a, staff_a, program_a, venture_a, innovator_a
):
    from markaz.sdg.models import Goal

    venture_a.country, venture_a.stage, venture_a.legal_form = "EG", "idea", "for_profit"
    venture_a.save()
    venture_a.sdg_goals.set([Goal.objects.get(pk=4)])
    call = build_call(
        staff_a,
        center_a,
        program_a,
        eligible_countries=["JO", "LB"],
        eligible_stages=["pilot", "scaling"],
        eligible_legal_forms=["non_profit"],
        required_documents=[{"key": "plan", "label_en": "Budget", "label_ar": "الميزانية"}],
    )
    call.eligible_sdgs.set([6, 7])
    reasons = eligibility.reasons(call, venture_a, attachment_keys=[])
    assert [r.code for r in reasons] == ["country", "stage", "legal_form", "sdgs", "document"]
    messages = [r.message for r in reasons]
    assert "Jordan, Lebanon" in messages[0] and "Egypt" in messages[0]
    assert "Pilot, Scaling" in messages[1] and "Idea" in messages[1]
    assert "SDG 6, 7" in messages[3]
    assert messages[4] == "Attach the required document: Budget."

    application = services.start_application(
        scope=scope_for(innovator_a), call=call, venture=venture_a
    )
    services.save_draft(scope=scope_for(innovator_a), application=application, answers=GOOD_ANSWERS)
    services.add_attachment(
        scope=scope_for(innovator_a), application=application, key="deck", upload=pdf_upload()
    )
    with pytest.raises(ValidationError) as exc:
        services.submit_application(scope=scope_for(innovator_a), application=application)
    assert len(exc.value.message_dict["eligibility"]) == 5


def test_eligibility_reasons_read_in_arabic(center_a, staff_a, program_a, venture_a):
    from django.utils import translation

    venture_a.country = "EG"
    venture_a.save()
    call = build_call(staff_a, center_a, program_a, eligible_countries=["JO"])
    with translation.override("ar"):
        (reason,) = eligibility.reasons(call, venture_a)
    assert "الأردن" in reason.message and "مصر" in reason.message
    assert "This call" not in reason.message


def test_an_eligible_venture_has_no_reasons(call_a, venture_a):
    assert eligibility.reasons(call_a, venture_a) == []


# -- applications ------------------------------------------------------------------------------


def test_an_innovator_can_apply_for_a_new_venture_created_while_applying(call_a, innovator_a):
    application = services.start_application(
        scope=scope_for(innovator_a),
        call=call_a,
        venture_data={"name_en": "Solar Bakery", "name_ar": "مخبز شمسي", "stage": "idea"},
    )
    assert application.venture.name_en == "Solar Bakery"
    assert application.venture.team.filter(person=innovator_a.person, can_manage=True).exists()


def test_one_live_application_per_venture_and_call(application_a, innovator_a, venture_a):
    with pytest.raises(ValidationError, match="already applied"):
        services.start_application(
            scope=scope_for(innovator_a), call=application_a.call, venture=venture_a
        )


def test_nobody_applies_for_a_venture_they_do_not_manage(call_a, mentor_a, venture_a, center_a):
    from markaz.core.models import Membership

    Membership.objects.create(user=mentor_a, center=center_a, role="innovator")
    with pytest.raises(ValidationError, match="venture you manage"):
        services.start_application(scope=scope_for(mentor_a), call=call_a, venture=venture_a)


def test_a_draft_is_saved_and_comes_back(application_a, innovator_a):
    services.save_draft(
        scope=scope_for(innovator_a), application=application_a, answers={"pitch": " Kiosks "}
    )
    application_a.refresh_from_db()
    assert application_a.answers == {"pitch": "Kiosks"}
    assert application_a.status == Status.DRAFT


def test_a_draft_with_a_bad_answer_is_refused_by_question(application_a, innovator_a):
    with pytest.raises(ValidationError) as exc:
        services.save_draft(
            scope=scope_for(innovator_a), application=application_a, answers={"budget": "5"}
        )
    assert exc.value.message_dict == {"answers.budget": ["Enter a number of at least 100."]}


def test_submission_needs_every_required_answer_and_file(application_a, innovator_a):
    services.save_draft(
        scope=scope_for(innovator_a), application=application_a, answers={"pitch": "x"}
    )
    with pytest.raises(ValidationError) as exc:
        services.submit_application(scope=scope_for(innovator_a), application=application_a)
    assert set(exc.value.message_dict) == {"answers.story", "answers.deck"}


def test_a_submitted_application_is_a_frozen_copy(application_a, innovator_a, staff_a):
    submit(application_a, innovator_a)
    application_a.refresh_from_db()
    frozen = {e["key"]: e for e in application_a.frozen_answers}
    assert frozen["pitch"]["value"] == "Solar water kiosks"
    assert frozen["pitch"]["label_ar"] == "الفكرة"
    assert frozen["deck"]["value"] == "deck.pdf" and frozen["deck"]["attachment"]
    with pytest.raises(ValidationError, match="can no longer change"):
        services.save_draft(
            scope=scope_for(innovator_a), application=application_a, answers={"pitch": "new"}
        )
    with pytest.raises(ValidationError, match="can no longer change"):
        services.add_attachment(
            scope=scope_for(innovator_a), application=application_a, key="deck", upload=pdf_upload()
        )
    # Even if the question is later reworded, the copy keeps what the applicant saw.
    field = application_a.call.fields.get(key="pitch")
    field.label_en = "Reworded"
    field.save()
    application_a.refresh_from_db()
    assert {e["key"]: e for e in application_a.frozen_answers}["pitch"]["label_en"] == "Pitch"


def test_submission_confirms_by_email_in_the_applicants_language(
    application_a, innovator_a, django_capture_on_commit_callbacks
):
    innovator_a.preferred_language = "ar"
    innovator_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        submit(application_a, innovator_a)
    (message,) = mail.outbox
    assert message.to == [innovator_a.email]
    assert "دعوة ابتكارات المياه" in message.subject
    assert application_a.reference in message.body
    assert "We received" not in message.body


def test_withdrawing_keeps_the_row_and_frees_the_venture_to_apply_again(
    application_a, innovator_a, venture_a
):
    submit(application_a, innovator_a)
    services.withdraw_application(scope=scope_for(innovator_a), application=application_a)
    application_a.refresh_from_db()
    assert application_a.status == Status.WITHDRAWN and application_a.withdrawn_at
    with pytest.raises(ValidationError, match="Only a draft or a submitted"):
        services.withdraw_application(scope=scope_for(innovator_a), application=application_a)
    again = services.start_application(
        scope=scope_for(innovator_a), call=application_a.call, venture=venture_a
    )
    assert again.pk != application_a.pk


def test_only_the_team_withdraws(application_a, staff_a, mentor_a):
    for user in (staff_a, mentor_a):
        with pytest.raises(PermissionDenied):
            services.withdraw_application(scope=scope_for(user), application=application_a)


# -- attachments -------------------------------------------------------------------------------


def test_a_file_pretending_to_be_a_pdf_is_refused(application_a, innovator_a):
    fake = pdf_upload("deck.pdf", b"MZ\x90\x00 this is a program")
    with pytest.raises(ValidationError) as exc:
        services.add_attachment(
            scope=scope_for(innovator_a), application=application_a, key="deck", upload=fake
        )
    assert exc.value.message_dict["file"] == ["This type of file is not accepted here."]
    assert not application_a.attachments.exists()


def test_a_too_large_file_is_refused(application_a, innovator_a, settings):
    settings.MARKAZ_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError, match="too large"):
        services.add_attachment(
            scope=scope_for(innovator_a), application=application_a, key="deck", upload=pdf_upload()
        )


def test_a_file_for_an_unknown_key_is_refused(application_a, innovator_a):
    with pytest.raises(ValidationError, match="no file under that name"):
        services.add_attachment(
            scope=scope_for(innovator_a),
            application=application_a,
            key="pitch",
            upload=pdf_upload(),
        )


def test_a_new_file_replaces_the_old_one_for_the_same_question(application_a, innovator_a):
    scope = scope_for(innovator_a)
    first = services.add_attachment(
        scope=scope, application=application_a, key="deck", upload=pdf_upload("a.pdf")
    )
    services.add_attachment(
        scope=scope, application=application_a, key="deck", upload=pdf_upload("b.pdf")
    )
    assert list(application_a.attachments.values_list("original_name", flat=True)) == ["b.pdf"]
    assert not application_a.attachments.filter(pk=first.pk).exists()


# -- decisions and cohorts ---------------------------------------------------------------------


@pytest.fixture
def in_review(call_a, application_a, innovator_a, staff_a):
    submit(application_a, innovator_a)
    scope = scope_for(staff_a)
    services.change_call_phase(scope=scope, call=call_a, phase="closed")
    services.change_call_phase(scope=scope, call=call_a, phase="in_review")
    application_a.refresh_from_db()
    return application_a


def test_decisions_wait_for_the_review_phase(application_a, innovator_a, staff_a):
    submit(application_a, innovator_a)
    with pytest.raises(ValidationError, match="while the call is in review"):
        services.decide_application(
            scope=scope_for(staff_a), application=application_a, outcome="accept"
        )


def test_acceptance_emails_the_call_message_in_arabic_and_forms_the_cohort(
    in_review, innovator_a, staff_a, django_capture_on_commit_callbacks
):
    call = in_review.call
    call.accept_message_en = "Welcome {venture} to {call}!"
    call.accept_message_ar = "أهلاً بـ{venture} في {call}!"
    call.save()
    innovator_a.preferred_language = "ar"
    innovator_a.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decide_application(
            scope=scope_for(staff_a), application=in_review, outcome="accept"
        )
    assert decision.message_en == "Welcome Clean Water Kiosks to Water Innovation Call!"
    (message,) = mail.outbox
    assert "دعوة ابتكارات المياه" in message.body and "أهلاً" in message.body
    in_review.refresh_from_db()
    assert in_review.status == Status.ACCEPTED
    cohort = Cohort.objects.get(call=call)
    assert cohort.program == call.program
    assert list(cohort.members.values_list("venture_id", flat=True)) == [in_review.venture_id]


def test_rejection_uses_the_standard_text_in_english_and_leaves_the_cohort(
    in_review, staff_a, django_capture_on_commit_callbacks
):
    scope = scope_for(staff_a)
    services.decide_application(scope=scope, application=in_review, outcome="accept")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_application(scope=scope, application=in_review, outcome="reject")
    (message,) = mail.outbox
    assert "was not selected" in message.body
    assert not Cohort.objects.get(call=in_review.call).members.exists()
    assert Application.objects.get(pk=in_review.pk).status == Status.REJECTED


def test_waitlisting_is_a_decision_too(in_review, staff_a):
    services.decide_application(scope=scope_for(staff_a), application=in_review, outcome="waitlist")
    assert Application.objects.get(pk=in_review.pk).status == Status.WAITLISTED


def test_an_unknown_outcome_is_refused(in_review, staff_a):
    with pytest.raises(ValidationError):
        services.decide_application(
            scope=scope_for(staff_a), application=in_review, outcome="maybe"
        )


def test_decided_applications_cannot_be_withdrawn(in_review, staff_a, innovator_a):
    scope = scope_for(staff_a)
    services.decide_application(scope=scope, application=in_review, outcome="accept")
    services.change_call_phase(scope=scope, call=in_review.call, phase=Phase.DECIDED)
    with pytest.raises(ValidationError):
        services.withdraw_application(scope=scope_for(innovator_a), application=in_review)
