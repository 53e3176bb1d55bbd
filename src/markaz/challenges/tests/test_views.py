"""Pages: lists with filters, detail with the workspace, forms, owners, sectors, public pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from markaz.challenges.models import Attachment, Challenge, Comment, Status, Visibility
from markaz.challenges.tests.fixtures import PDF
from markaz.core.models import AuditEntry


def _url(name, challenge=None, **kwargs):
    if challenge is not None:
        kwargs.setdefault("pk", challenge.pk)
        kwargs.setdefault("center", challenge.center.slug)
    return reverse(name, kwargs=kwargs)


def test_members_of_the_center_list_its_challenges(client, challenge_a, innovator_a):
    client.force_login(innovator_a)
    page = client.get(reverse("challenges-list", kwargs={"center": "amal-hub"}))
    assert page.status_code == 200
    assert "Water loss in informal settlements" in page.content.decode()
    assert "New challenge" not in page.content.decode()


def test_list_filters_by_status_sector_and_sdg(client, challenge_a, staff_a, center_a):
    client.force_login(staff_a)
    url = reverse("challenges-list", kwargs={"center": "amal-hub"})
    shown = lambda q: "Water loss" in client.get(url, q).content.decode()  # noqa: E731
    assert shown({"sector": "government"})
    assert not shown({"sector": "private"})
    assert shown({"sdg": 6})
    assert not shown({"sdg": 1})
    assert shown({"status": "framing"})
    assert not shown({"status": "open"})
    assert shown({"q": "informal"})
    assert not shown({"q": "electricity"})


def test_staff_create_a_challenge_through_the_form(client, staff_a, center_a):
    client.force_login(staff_a)
    response = client.post(
        reverse("challenges-create", kwargs={"center": "amal-hub"}),
        {"title_en": "", "title_ar": "البطالة بين الشباب", "problem_ar": "نص", "country": "JO",
         "visibility": "public", "sdg_targets": ["8.6"]},
    )  # fmt: skip
    challenge = Challenge.objects.get(title_ar="البطالة بين الشباب")
    assert response.status_code == 302
    assert challenge.status == Status.FRAMING
    assert [t.code for t in challenge.sdg_targets.all()] == ["8.6"]
    assert AuditEntry.objects.filter(action="challenges.challenge.created").exists()


def test_a_challenge_without_any_title_is_refused(client, staff_a, center_a):
    client.force_login(staff_a)
    response = client.post(
        reverse("challenges-create", kwargs={"center": "amal-hub"}),
        {"title_en": " ", "title_ar": "", "visibility": "center"},
    )
    assert response.status_code == 200
    assert "Give a title in Arabic or English" in response.content.decode()
    assert not Challenge.objects.exists()


def test_non_staff_cannot_open_the_forms(client, challenge_a, partner_a, innovator_a):
    for user in (partner_a, innovator_a):
        client.force_login(user)
        assert (
            client.get(reverse("challenges-create", kwargs={"center": "amal-hub"})).status_code
            == 403
        )
        assert client.get(_url("challenges-edit", challenge_a)).status_code == 403
        assert client.get(_url("challenges-owners", challenge_a)).status_code == 403
        response = client.post(_url("challenges-status", challenge_a), {"status": "open"})
        assert response.status_code == 403
    challenge_a.refresh_from_db()
    assert challenge_a.status == Status.FRAMING


def test_staff_edit_a_challenge(client, staff_a, challenge_a):
    client.force_login(staff_a)
    response = client.post(
        _url("challenges-edit", challenge_a),
        {"title_en": "Water loss", "title_ar": "فقدان المياه", "visibility": "public",
         "sdg_targets": ["6.1"], "country": "JO"},
    )  # fmt: skip
    assert response.status_code == 302
    challenge_a.refresh_from_db()
    assert (challenge_a.title_en, challenge_a.visibility) == ("Water loss", Visibility.PUBLIC)


def test_status_changes_through_the_page_and_refuses_a_skip(client, staff_a, challenge_a):
    client.force_login(staff_a)
    client.post(_url("challenges-status", challenge_a), {"status": "implementation"})
    challenge_a.refresh_from_db()
    assert challenge_a.status == Status.FRAMING
    client.post(_url("challenges-status", challenge_a), {"status": "open", "note": "Ready"})
    challenge_a.refresh_from_db()
    assert challenge_a.status == Status.OPEN


def test_detail_shows_statement_owners_sectors_and_workspace_to_an_owner_member(
    client, partner_a, challenge_a
):
    client.force_login(partner_a)
    page = client.get(_url("challenges-detail", challenge_a)).content.decode()
    assert "<strong>lost</strong>" in page
    assert "Ministry of Water" in page and "University of Jordan" in page
    assert "Government" in page and "Academia" in page
    assert "Add a comment" in page and "Add a document" in page
    assert "2 people take part" in page  # partner_a (the ministry) and staff_a
    assert "Partner_A" in page and "Staff_A" in page


def test_other_members_read_the_challenge_without_its_workspace(client, mentor_a, challenge_a):
    from markaz.challenges import services
    from markaz.core.access import scope_for

    services.add_comment(scope=scope_for(challenge_a.created_by), challenge=challenge_a,
                         body="Internal note of the owners")  # fmt: skip
    client.force_login(mentor_a)
    page = client.get(_url("challenges-detail", challenge_a)).content.decode()
    assert "Water loss" in page
    assert "Internal note of the owners" not in page
    assert "Add a comment" not in page
    response = client.post(_url("challenges-comment-add", challenge_a), {"body": "Hello"})
    assert response.status_code == 403
    assert Comment.objects.count() == 1


def test_comment_markdown_is_sanitized(client, partner_a, challenge_a):
    client.force_login(partner_a)
    client.post(
        _url("challenges-comment-add", challenge_a),
        {"body": "**Data** <script>alert(1)</script> [x](javascript:alert(1))"},
    )
    page = client.get(_url("challenges-detail", challenge_a)).content.decode()
    assert "<strong>Data</strong>" in page
    assert "<script>alert(1)" not in page
    assert "javascript:alert" not in page


def test_replies_thread_under_their_comment(client, partner_a, staff_a, challenge_a):
    client.force_login(partner_a)
    client.post(_url("challenges-comment-add", challenge_a), {"body": "Top"})
    top = Comment.objects.get()
    client.force_login(staff_a)
    client.post(_url("challenges-comment-add", challenge_a), {"body": "Answer", "parent": top.pk})
    reply = Comment.objects.exclude(pk=top.pk).get()
    assert reply.parent_id == top.pk


def test_authors_edit_their_comment_and_others_cannot(client, partner_a, staff_a, challenge_a):
    client.force_login(partner_a)
    client.post(_url("challenges-comment-add", challenge_a), {"body": "First draft"})
    comment = Comment.objects.get()
    edit = _url("challenges-comment-edit", challenge_a, challenge_comment=comment.pk)
    assert client.get(edit).status_code == 200
    client.post(edit, {"body": "Second draft"})
    comment.refresh_from_db()
    assert comment.body == "Second draft" and comment.edited_at is not None
    client.force_login(staff_a)
    assert client.post(edit, {"body": "Staff rewrite"}).status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Second draft"


def test_workspace_members_upload_and_download_documents(client, partner_a, challenge_a):
    client.force_login(partner_a)
    upload = SimpleUploadedFile("survey.pdf", PDF, content_type="application/pdf")
    client.post(_url("challenges-attachment-add", challenge_a), {"file": upload})
    attachment = Attachment.objects.get()
    assert attachment.name == "survey.pdf" and attachment.size == len(PDF)
    url = _url("challenges-attachment", challenge_a, challenge_attachment=attachment.pk)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_a_file_that_is_not_a_document_is_refused(client, partner_a, challenge_a):
    client.force_login(partner_a)
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    client.post(_url("challenges-attachment-add", challenge_a), {"file": fake})
    image = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20)
    client.post(_url("challenges-attachment-add", challenge_a), {"file": image})
    assert not Attachment.objects.exists()


def test_documents_are_not_served_to_readers_outside_the_workspace(
    client, partner_a, mentor_a, challenge_a
):
    client.force_login(partner_a)
    upload = SimpleUploadedFile("survey.pdf", PDF, content_type="application/pdf")
    client.post(_url("challenges-attachment-add", challenge_a), {"file": upload})
    url = _url(
        "challenges-attachment", challenge_a, challenge_attachment=Attachment.objects.get().pk
    )
    client.force_login(mentor_a)
    assert client.get(url).status_code == 404


def test_owners_page_adds_changes_and_removes_owners(client, staff_a, challenge_a, org_a):
    client.force_login(staff_a)
    url = _url("challenges-owners", challenge_a)
    assert client.get(url).status_code == 200
    client.post(url, {"organization": org_a.pk, "role": "co_funder"})
    owner = challenge_a.owners.get(organization=org_a)
    assert owner.role == "co_funder"
    client.post(_url("challenges-owner-role", challenge_a, challenge_owner=owner.pk),
                {"role": "implementer"})  # fmt: skip
    owner.refresh_from_db()
    assert owner.role == "implementer"
    client.post(_url("challenges-owner-remove", challenge_a, challenge_owner=owner.pk))
    assert not challenge_a.owners.filter(organization=org_a).exists()


def test_an_organization_of_another_center_cannot_become_an_owner(
    client, staff_a, challenge_a, org_b
):
    client.force_login(staff_a)
    client.post(_url("challenges-owners", challenge_a), {"organization": org_b.pk, "role": "owner"})
    assert not challenge_a.owners.filter(organization=org_b).exists()


def test_staff_link_and_unlink_ventures(client, staff_a, challenge_a, venture_a):
    client.force_login(staff_a)
    client.post(_url("challenges-venture-link", challenge_a), {"venture": venture_a.pk})
    page = client.get(_url("challenges-detail", challenge_a)).content.decode()
    assert "Clean Water Kiosks" in page
    client.post(_url("challenges-venture-unlink", challenge_a, challenge_venture=venture_a.pk))
    assert not challenge_a.venture_links.exists()


def test_sector_matrix_counts_owner_organizations_per_sector(client, staff_a, challenge_a):
    from markaz.challenges.selectors import sector_matrix

    matrix = sector_matrix([challenge_a])
    codes = [c for c, _l in matrix.sectors]
    row = dict(zip(codes, matrix.rows[0].counts, strict=True))
    assert row["government"] == 1 and row["academia"] == 1 and row["private"] == 0
    assert matrix.rows[0].sectors == 2
    client.force_login(staff_a)
    page = client.get(reverse("challenges-sectors", kwargs={"center": "amal-hub"}))
    assert page.status_code == 200
    assert "Water loss" in page.content.decode()


def test_list_pages_keep_a_bounded_number_of_queries(
    client, staff_a, challenge_a, django_assert_max_num_queries
):
    from markaz.challenges.factories import ChallengeOwnerFactory

    owners = [
        ChallengeOwnerFactory(challenge__center=challenge_a.center, challenge__visibility="public")
        for _ in range(8)
    ]
    client.force_login(staff_a)
    with django_assert_max_num_queries(15):
        page = client.get(reverse("challenges-list", kwargs={"center": "amal-hub"}))
    assert all(o.challenge.title_en in page.content.decode() for o in owners)
    with django_assert_max_num_queries(15):
        page = client.get(reverse("challenges-sectors", kwargs={"center": "amal-hub"}))
    assert page.status_code == 200
    with django_assert_max_num_queries(15):
        page = client.get(reverse("challenges-public"))
    assert all(o.challenge.title_en in page.content.decode() for o in owners)
    with django_assert_max_num_queries(10):
        listed = client.get("/api/v1/centers/amal-hub/challenges?page_size=50")
    names = {o["organization"]["name"] for c in listed.json()["items"] for o in c["owners"]}
    assert {o.organization.name for o in owners} <= names


def test_public_pages_show_public_challenges_only_without_login(client, challenge_a, challenge_b):
    assert (
        client.get(reverse("challenges-public-detail", kwargs={"pk": challenge_a.pk})).status_code
        == 404
    )
    listing = client.get(reverse("challenges-public")).content.decode()
    assert "Water loss" not in listing
    Challenge.objects.filter(pk=challenge_a.pk).update(visibility="public")
    listing = client.get(reverse("challenges-public")).content.decode()
    assert "Water loss" in listing and "Baobab" not in listing
    page = client.get(reverse("challenges-public-detail", kwargs={"pk": challenge_a.pk}))
    assert page.status_code == 200
    assert "Ministry of Water" in page.content.decode()
    assert "Private thought" not in page.content.decode()


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_public_challenge_shows_content_in_the_visitors_language(client, challenge_a, lang):
    Challenge.objects.filter(pk=challenge_a.pk).update(visibility="public")
    page = client.get(f"/{lang}/challenges/{challenge_a.pk}/").content.decode()
    expected = "فقدان المياه في التجمعات" if lang == "ar" else "Water loss in informal"
    assert expected in page
    assert ('dir="rtl"' in page) == (lang == "ar")


def test_the_navigation_offers_challenges_to_members(client, innovator_a, center_a):
    client.force_login(innovator_a)
    page = client.get(reverse("dashboard", kwargs={"center": "amal-hub"})).content.decode()
    assert reverse("challenges-list", kwargs={"center": "amal-hub"}) in page


def test_linked_calls_show_by_the_programs_apps_rules(client, staff_a, innovator_a, challenge_a):
    """Works before the programs app exists (skipped) and after (its visibility rules)."""
    import datetime as dt

    from django.apps import apps

    if not apps.is_installed("markaz.programs"):
        pytest.skip("the programs app is not installed")
    program_model = apps.get_model("programs", "Program")
    call_model = apps.get_model("programs", "Call")
    program = program_model.objects.create(center=challenge_a.center, title_en="Water programme")
    deadline = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    for slug, phase in (("draft-call", "draft"), ("open-call", "open")):
        call_model.objects.create(center=challenge_a.center, program=program, challenge=challenge_a,
                                  slug=slug, title_en=f"Call {slug}", phase=phase,
                                  deadline=deadline)  # fmt: skip
    Challenge.objects.filter(pk=challenge_a.pk).update(visibility="public")
    client.force_login(staff_a)
    page = client.get(_url("challenges-detail", challenge_a)).content.decode()
    assert "Call draft-call" in page and "Call open-call" in page
    client.force_login(innovator_a)
    page = client.get(_url("challenges-detail", challenge_a)).content.decode()
    assert "Call draft-call" not in page and "Call open-call" in page
    client.logout()
    public = client.get(reverse("challenges-public-detail", kwargs={"pk": challenge_a.pk}))
    assert "Call draft-call" not in public.content.decode()
    assert "Call open-call" in public.content.decode()


def test_the_detail_page_does_not_grow_queries_with_comments(
    client, staff_a, partner_a, challenge_a, django_assert_max_num_queries
):
    from markaz.challenges import services
    from markaz.core.access import scope_for

    url = _url("challenges-detail", challenge_a)
    client.force_login(partner_a)

    def add(n):
        for i in range(n):
            top = services.add_comment(scope=scope_for(partner_a), challenge=challenge_a,
                                       body=f"Point {i}")  # fmt: skip
            services.add_comment(scope=scope_for(staff_a), challenge=challenge_a, body="Yes",
                                 parent=top)  # fmt: skip

    add(1)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
