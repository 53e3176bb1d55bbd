"""Services: status transitions with audit entries, owners, comments' rules, documents."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from markaz.challenges import permissions as perms
from markaz.challenges import services
from markaz.challenges.models import Attachment, Comment, Status
from markaz.challenges.tests.fixtures import PDF
from markaz.core.access import scope_for
from markaz.core.models import AuditEntry


def test_a_new_challenge_starts_in_framing_with_its_owners_and_an_audit_entry(challenge_a):
    assert challenge_a.status == Status.FRAMING
    assert sorted(challenge_a.owners.values_list("role", flat=True)) == ["data_provider", "owner"]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"challenges.challenge.created", "challenges.owner.added"} <= actions


def test_the_full_life_of_a_challenge_is_audited_step_by_step(staff_a, challenge_a):
    scope = scope_for(staff_a)
    for status in (Status.OPEN, Status.IMPLEMENTATION, Status.CLOSED):
        challenge_a = services.transition_challenge(
            scope=scope, challenge=challenge_a, status=status
        )
    assert challenge_a.status == Status.CLOSED
    entries = AuditEntry.objects.filter(action="challenges.challenge.status_changed").order_by("id")
    assert [e.changes["status"] for e in entries] == [
        ["framing", "open"], ["open", "implementation"], ["implementation", "closed"],
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "refused"),
    [([], "implementation"), (["open", "implementation"], "framing"), (["closed"], "open"),
     (["closed"], "closed")],
)  # fmt: skip
def test_invalid_transitions_are_refused_and_write_nothing(staff_a, challenge_a, path, refused):
    scope = scope_for(staff_a)
    for status in path:
        challenge_a = services.transition_challenge(
            scope=scope, challenge=challenge_a, status=status
        )
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.transition_challenge(scope=scope, challenge=challenge_a, status=refused)
    assert "cannot go from" in str(exc.value)
    challenge_a.refresh_from_db()
    assert challenge_a.status == (path[-1] if path else "framing")
    assert AuditEntry.objects.count() == before


def test_an_unknown_status_is_refused(staff_a, challenge_a):
    with pytest.raises(ValidationError):
        services.transition_challenge(scope=scope_for(staff_a), challenge=challenge_a, status="won")


def test_a_challenge_without_owners_cannot_open(staff_a, center_a):
    scope = scope_for(staff_a)
    challenge = services.create_challenge(scope=scope, center=center_a, data={"title_en": "Alone"})
    with pytest.raises(ValidationError, match="owner organization"):
        services.transition_challenge(scope=scope, challenge=challenge, status="open")


def test_only_staff_change_the_status(partner_a, innovator_a, challenge_a):
    for user in (partner_a, innovator_a):
        with pytest.raises(PermissionDenied):
            services.transition_challenge(
                scope=scope_for(user), challenge=challenge_a, status="open"
            )


def test_update_does_not_change_the_status(staff_a, challenge_a):
    with pytest.raises(ValidationError, match="status transition"):
        services.update_challenge(
            scope=scope_for(staff_a), challenge=challenge_a, data={"status": "closed"}
        )


def test_the_same_organization_cannot_own_a_challenge_twice(
    staff_a, challenge_a, challenge_gov_org_a
):
    with pytest.raises(ValidationError, match="already takes part"):
        services.add_owner(
            scope=scope_for(staff_a), challenge=challenge_a, organization=challenge_gov_org_a
        )


def test_an_organization_of_another_center_is_refused_as_owner(staff_a, challenge_a, org_b):
    with pytest.raises(ValidationError, match="organization of this center"):
        services.add_owner(scope=scope_for(staff_a), challenge=challenge_a, organization=org_b)


def test_the_last_owner_stays_once_the_challenge_is_open(staff_a, challenge_a):
    scope = scope_for(staff_a)
    services.transition_challenge(scope=scope, challenge=challenge_a, status="open")
    first, second = challenge_a.owners.all()
    services.remove_owner(scope=scope, owner=first)
    with pytest.raises(ValidationError, match="at least one owner"):
        services.remove_owner(scope=scope, owner=second)


# -- who comments ----------------------------------------------------------------------------


def test_people_of_owner_organizations_and_staff_comment(partner_a, staff_a, challenge_a):
    for user in (partner_a, staff_a):
        services.add_comment(scope=scope_for(user), challenge=challenge_a, body="Here is data")
    assert Comment.objects.count() == 2


@pytest.mark.parametrize("persona", ["innovator_a", "mentor_a", "reviewer_a", "funder_a",
                                     "outsider", "stranger"])  # fmt: skip
def test_members_outside_the_owner_organizations_do_not_comment(request, persona, challenge_a):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.add_comment(scope=scope_for(user), challenge=challenge_a, body="Me too")
    assert not Comment.objects.exists()


def test_an_ended_affiliation_ends_the_workspace_membership(partner_a, challenge_a):
    affiliation = partner_a.person.affiliations.get()
    affiliation.ends_on = timezone.localdate() - timedelta(days=1)
    affiliation.save()
    assert not perms.is_workspace_member(scope_for(partner_a), challenge_a)


def test_a_closed_challenge_takes_no_more_comments(staff_a, partner_a, challenge_a):
    services.transition_challenge(scope=scope_for(staff_a), challenge=challenge_a, status="closed")
    with pytest.raises(PermissionDenied):
        services.add_comment(scope=scope_for(partner_a), challenge=challenge_a, body="Late")


def test_an_empty_comment_is_refused(partner_a, challenge_a):
    with pytest.raises(ValidationError, match="Write a comment"):
        services.add_comment(scope=scope_for(partner_a), challenge=challenge_a, body="   ")


def test_a_reply_to_a_reply_is_attached_to_the_top_comment(partner_a, staff_a, challenge_a):
    top = services.add_comment(scope=scope_for(partner_a), challenge=challenge_a, body="A")
    reply = services.add_comment(scope=scope_for(staff_a), challenge=challenge_a, body="B",
                                 parent=top)  # fmt: skip
    deeper = services.add_comment(scope=scope_for(partner_a), challenge=challenge_a, body="C",
                                  parent=reply)  # fmt: skip
    assert reply.parent_id == top.pk and deeper.parent_id == top.pk


def test_authors_edit_within_a_day_and_not_after(partner_a, challenge_a):
    scope = scope_for(partner_a)
    comment = services.add_comment(scope=scope, challenge=challenge_a, body="Draft")
    services.edit_comment(scope=scope, comment=comment, body="Better")
    assert AuditEntry.objects.filter(action="challenges.comment.edited").exists()
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(days=2))
    comment.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.edit_comment(scope=scope, comment=comment, body="Much later")


def test_staff_moderate_any_comment_but_do_not_edit_it(partner_a, staff_a, challenge_a):
    comment = services.add_comment(scope=scope_for(partner_a), challenge=challenge_a, body="X")
    with pytest.raises(PermissionDenied):
        services.edit_comment(scope=scope_for(staff_a), comment=comment, body="Y")
    services.delete_comment(scope=scope_for(staff_a), comment=comment)
    assert not Comment.objects.exists()
    assert AuditEntry.objects.filter(action="challenges.comment.deleted").exists()


# -- documents -------------------------------------------------------------------------------


def test_a_document_is_stored_and_audited(partner_a, challenge_a):
    upload = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    attachment = services.add_attachment(scope=scope_for(partner_a), challenge=challenge_a,
                                         upload=upload)  # fmt: skip
    assert attachment.file.storage.exists(attachment.file.name)
    assert AuditEntry.objects.filter(action="challenges.attachment.added").exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [("plan.pdf", b"<html>not a pdf</html>"), ("photo.png", b"\x89PNG\r\n\x1a\n0000"),
     ("plan.exe", PDF), ("tool.docx", b"MZ\x90\x00")],
)  # fmt: skip
def test_uploads_that_are_not_documents_are_refused(partner_a, challenge_a, name, content):
    with pytest.raises(ValidationError) as exc:
        services.add_attachment(scope=scope_for(partner_a), challenge=challenge_a,
                                upload=SimpleUploadedFile(name, content))  # fmt: skip
    assert "file" in exc.value.error_dict
    assert not Attachment.objects.exists()


def test_readers_outside_the_workspace_cannot_upload(mentor_a, challenge_a):
    with pytest.raises(PermissionDenied):
        services.add_attachment(scope=scope_for(mentor_a), challenge=challenge_a,
                                upload=SimpleUploadedFile("p.pdf", PDF))  # fmt: skip


def test_removing_a_document_deletes_the_file_after_commit(
    partner_a, challenge_a, django_capture_on_commit_callbacks
):
    scope = scope_for(partner_a)
    attachment = services.add_attachment(scope=scope, challenge=challenge_a,
                                         upload=SimpleUploadedFile("p.pdf", PDF))  # fmt: skip
    name, storage = attachment.file.name, attachment.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_attachment(scope=scope, attachment=attachment)
    assert not storage.exists(name)


# -- ventures --------------------------------------------------------------------------------


def test_ventures_of_the_center_are_linked_once(staff_a, challenge_a, venture_a, venture_b):
    scope = scope_for(staff_a)
    services.link_venture(scope=scope, challenge=challenge_a, venture=venture_a)
    with pytest.raises(ValidationError, match="already linked"):
        services.link_venture(scope=scope, challenge=challenge_a, venture=venture_a)
    with pytest.raises(ValidationError, match="venture of this center"):
        services.link_venture(scope=scope, challenge=challenge_a, venture=venture_b)
