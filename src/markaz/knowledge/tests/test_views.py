import pytest
from conftest import login
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from markaz.core.access import scope_for
from markaz.knowledge import services
from markaz.knowledge.models import Entry, Feedback

pytestmark = pytest.mark.django_db

ROLES_A = ["admin_a", "staff_a", "reviewer_a", "mentor_a", "innovator_a", "partner_a", "funder_a"]


@pytest.fixture
def trio(center_a, staff_a, entry_factory):
    return {
        vis: entry_factory(
            staff_a, center_a, visibility=vis, title_en=f"Zanzibar {vis}", body_en="**bold** text"
        )
        for vis in ("center", "network", "public")
    }


@pytest.mark.parametrize("persona", ROLES_A)
def test_every_role_of_a_center_reads_its_library(client, request, persona, trio):
    login(client, request.getfixturevalue(persona))
    response = client.get(reverse("knowledge-library", kwargs={"center": "amal-hub"}))
    assert response.status_code == 200
    assert "Zanzibar center" in response.text


def test_other_centers_get_404_on_the_library_and_center_entries(client, outsider, trio):
    login(client, outsider)
    assert (
        client.get(reverse("knowledge-library", kwargs={"center": "amal-hub"})).status_code == 404
    )
    assert (
        client.get(reverse("knowledge-entry", kwargs={"pk": trio["center"].pk})).status_code == 404
    )
    edit = reverse("knowledge-edit", kwargs={"center": "amal-hub", "pk": trio["public"].pk})
    assert client.get(edit).status_code == 404


def test_anonymous_readers_get_the_public_library_and_public_entries_only(client, trio):
    response = client.get(reverse("knowledge-public"))
    assert "Zanzibar public" in response.text and "Zanzibar center" not in response.text
    response = client.get(reverse("knowledge-public") + "?q=zanzibar")
    assert "Zanzibar public" in response.text and "Zanzibar network" not in response.text
    page = client.get(reverse("knowledge-entry", kwargs={"pk": trio["public"].pk}))
    assert "<strong>bold</strong>" in page.text
    assert (
        client.get(reverse("knowledge-entry", kwargs={"pk": trio["center"].pk})).status_code == 404
    )


def test_library_search_ranks_the_centers_entries(client, staff_a, trio):
    login(client, staff_a)
    url = reverse("knowledge-library", kwargs={"center": "amal-hub"})
    response = client.get(url + "?q=zanzibar+network")
    assert response.text.index("Zanzibar network") < response.text.index("Zanzibar public")


def test_mentor_cannot_open_the_editor_but_innovator_can(client, mentor_a, innovator_a, trio):
    url = reverse("knowledge-create", kwargs={"center": "amal-hub"})
    assert login(client, mentor_a).get(url).status_code == 403
    assert login(client, innovator_a).get(url).status_code == 200


def test_editor_creates_a_draft_and_previews_sanitized_markdown(client, innovator_a, center_a):
    login(client, innovator_a)
    preview = client.post(
        reverse("knowledge-preview", kwargs={"center": "amal-hub"}),
        {"body_en": "# Hi <script>x()</script>"},
    )
    assert "<h1>Hi" in preview.text and "<script" not in preview.text
    response = client.post(
        reverse("knowledge-create", kwargs={"center": "amal-hub"}),
        {"type": "toolkit", "title_ar": "دليل", "visibility": "center", "tags": "a, b"},
    )
    entry = Entry.objects.get()
    assert response.status_code == 302 and entry.status == "draft" and entry.tags == ["a", "b"]
    assert entry.created_by == innovator_a


def test_editor_without_a_title_shows_an_error(client, staff_a, center_a):
    login(client, staff_a)
    response = client.post(
        reverse("knowledge-create", kwargs={"center": "amal-hub"}),
        {"type": "toolkit", "visibility": "center"},
    )
    assert response.status_code == 200 and not Entry.objects.exists()


def test_staff_publish_from_the_entry_page(client, staff_a, innovator_a, center_a, entry_factory):
    entry = entry_factory(innovator_a, center_a, publish=False)
    url = reverse("knowledge-status", kwargs={"center": "amal-hub", "pk": entry.pk})
    assert login(client, innovator_a).post(url, {"status": "published"}).status_code == 403
    login(client, staff_a).post(url, {"status": "published"})
    entry.refresh_from_db()
    assert entry.status == "published"


def test_feedback_by_htmx_returns_the_updated_counts(client, mentor_a, trio):
    login(client, mentor_a)
    url = reverse("knowledge-feedback", kwargs={"pk": trio["center"].pk})
    response = client.post(url, {"useful": "yes"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'id="feedback"' in response.text
    assert Feedback.objects.get().useful is True


def test_anonymous_feedback_is_refused(client, trio):
    url = reverse("knowledge-feedback", kwargs={"pk": trio["public"].pk})
    assert client.post(url, {"useful": "yes"}).status_code == 403
    assert not Feedback.objects.exists()


def test_history_lists_versions_and_shows_an_old_one(client, staff_a, trio):
    entry = trio["center"]
    services.update_entry(scope=scope_for(staff_a), entry=entry, data={"title_en": "Renamed"})
    login(client, staff_a)
    history = client.get(reverse("knowledge-history", kwargs={"pk": entry.pk}))
    assert history.status_code == 200
    old = client.get(reverse("knowledge-version", kwargs={"pk": entry.pk, "number": 1}))
    assert "Zanzibar center" in old.text
    missing = reverse("knowledge-version", kwargs={"pk": entry.pk, "number": 99})
    assert client.get(missing).status_code == 404


def test_attachments_download_only_for_those_who_see_the_entry(client, staff_a, outsider, trio):
    entry = trio["center"]
    pdf = SimpleUploadedFile("notes.pdf", b"%PDF-1.4 x", "application/pdf")
    login(client, staff_a).post(
        reverse("knowledge-attachment-add", kwargs={"center": "amal-hub", "pk": entry.pk}),
        {"file": pdf},
    )
    attachment = entry.attachments.get()
    url = reverse("knowledge-attachment", kwargs={"pk": entry.pk, "attachment": attachment.pk})
    assert client.get(url).status_code == 200
    assert login(client, outsider).get(url).status_code == 404


def test_search_page_shows_facets_snippets_and_only_visible_hits(client, outsider, staff_a, trio):
    login(client, staff_a)
    response = client.get(reverse("knowledge-search") + "?q=zanzibar")
    assert response.text.count('class="card"') == 3
    assert "<mark>" in response.text or "Zanzibar" in response.text
    filtered = client.get(reverse("knowledge-search") + "?q=zanzibar&kind=venture")
    assert filtered.text.count('class="card"') == 0
    login(client, outsider)
    response = client.get(reverse("knowledge-search") + "?q=zanzibar")
    assert response.text.count('class="card"') == 1 and "Zanzibar center" not in response.text


def test_suggestions_complete_a_partly_typed_word(client, trio):
    response = client.get(reverse("knowledge-suggest") + "?q=zanz")
    assert "Zanzibar public" in response.text and "Zanzibar center" not in response.text
    assert client.get(reverse("knowledge-suggest") + "?q=").text.strip() == ""


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_pages_render_in_both_languages(client, staff_a, trio, lang):
    login(client, staff_a)
    for url in (
        reverse("knowledge-search") + "?q=zanzibar",
        reverse("knowledge-entry", kwargs={"pk": trio["public"].pk}),
        reverse("knowledge-create", kwargs={"center": "amal-hub"}),
    ):
        url = url.replace("/en/", f"/{lang}/", 1)
        assert client.get(url).status_code == 200


def test_library_and_search_pages_use_a_bounded_number_of_queries(
    client, staff_a, center_a, entry_factory, django_assert_max_num_queries
):
    for i in range(12):
        entry_factory(staff_a, center_a, title_en=f"Zanzibar note {i}")
    login(client, staff_a)
    with django_assert_max_num_queries(20):
        client.get(reverse("knowledge-library", kwargs={"center": "amal-hub"}))
    with django_assert_max_num_queries(25):
        client.get(reverse("knowledge-search") + "?q=zanzibar")


def test_linked_ventures_show_only_to_readers_who_may_open_them(
    client, staff_a, mentor_a, center_a, venture_a
):
    entry = services.create_entry(
        scope=scope_for(staff_a),
        center=center_a,
        data={"type": "toolkit", "title_en": "Kiosk toolkit", "visibility": "center"},
        ventures=[venture_a],
    )
    services.set_entry_status(scope=scope_for(staff_a), entry=entry, status="published")
    url = reverse("knowledge-entry", kwargs={"pk": entry.pk})
    assert "Clean Water Kiosks" in login(client, staff_a).get(url).text
    response = login(client, mentor_a).get(url)
    assert response.status_code == 200 and "Kiosk toolkit" in response.text
    assert "Clean Water Kiosks" not in response.text
