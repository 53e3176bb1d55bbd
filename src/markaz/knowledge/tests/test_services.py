from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from markaz.core.access import scope_for
from markaz.core.models import AuditEntry
from markaz.knowledge import services
from markaz.knowledge.models import Entry, SearchDocument, Status
from markaz.knowledge.rendering import render_markdown
from markaz.knowledge.search import search
from markaz.knowledge.selectors import feedback_counts
from markaz.sdg.models import Goal

pytestmark = pytest.mark.django_db


def test_innovator_contributes_a_draft_that_only_staff_can_publish(
    center_a, innovator_a, staff_a, entry_factory
):
    entry = entry_factory(innovator_a, center_a, publish=False)
    assert entry.status == Status.DRAFT
    with pytest.raises(PermissionDenied):
        services.set_entry_status(scope=scope_for(innovator_a), entry=entry, status="published")
    entry = services.set_entry_status(scope=scope_for(staff_a), entry=entry, status="published")
    assert entry.status == Status.PUBLISHED and entry.published_at is not None
    assert AuditEntry.objects.filter(action="knowledge.entry.published").count() == 1


@pytest.mark.parametrize("persona", ["mentor_a", "reviewer_a", "partner_a", "funder_a"])
def test_roles_other_than_staff_and_innovators_cannot_contribute(request, center_a, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.create_entry(
            scope=scope_for(user), center=center_a, data={"type": "toolkit", "title_en": "X"}
        )


def test_innovator_cannot_edit_a_published_entry_or_anothers_draft(
    center_a, innovator_a, staff_a, entry_factory
):
    published = entry_factory(innovator_a, center_a, by=staff_a)
    with pytest.raises(PermissionDenied):
        services.update_entry(scope=scope_for(innovator_a), entry=published, data={"title_en": "Y"})
    staff_draft = entry_factory(staff_a, center_a, publish=False)
    with pytest.raises(PermissionDenied):
        services.update_entry(scope=scope_for(innovator_a), entry=staff_draft, data={})


def test_every_save_appends_a_version_with_the_full_content(center_a, staff_a, entry_factory):
    entry = entry_factory(staff_a, center_a, publish=False, body_en="First")
    services.update_entry(
        scope=scope_for(staff_a),
        entry=entry,
        data={"body_en": "Second"},
        sdgs=[Goal.objects.get(pk=6)],
    )
    versions = list(entry.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].content["body_en"] == "First"
    assert versions[1].content["body_en"] == "Second"
    assert versions[1].content["sdgs"] == [6]
    assert versions[1].saved_by == staff_a


def test_entry_needs_a_title_and_known_regions(center_a, staff_a):
    scope = scope_for(staff_a)
    with pytest.raises(ValidationError):
        services.create_entry(scope=scope, center=center_a, data={"type": "toolkit"})
    with pytest.raises(ValidationError) as exc:
        services.create_entry(
            scope=scope,
            center=center_a,
            data={"type": "toolkit", "title_en": "T", "regions": ["atlantis"]},
        )
    assert "regions" in exc.value.message_dict
    assert not Entry.objects.exists()
    assert not SearchDocument.objects.filter(kind="entry").exists()


def test_links_to_another_centers_venture_are_refused(center_a, staff_a, venture_b):
    with pytest.raises(ValidationError) as exc:
        services.create_entry(
            scope=scope_for(staff_a),
            center=center_a,
            data={"type": "toolkit", "title_en": "T"},
            ventures=[venture_b],
        )
    assert "ventures" in exc.value.message_dict


def test_attachments_are_checked_by_content(center_a, staff_a, entry_factory):
    entry = entry_factory(staff_a, center_a)
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    with pytest.raises(ValidationError):
        services.add_attachment(scope=scope_for(staff_a), entry=entry, upload=fake)
    pdf = SimpleUploadedFile("report.pdf", b"%PDF-1.4 minimal", "application/pdf")
    attachment = services.add_attachment(scope=scope_for(staff_a), entry=entry, upload=pdf)
    assert attachment.name == "report.pdf"
    assert BytesIO(attachment.file.read()).read().startswith(b"%PDF")


def test_feedback_is_one_answer_per_user_that_can_change(
    center_a, staff_a, mentor_a, entry_factory
):
    entry = entry_factory(staff_a, center_a)
    services.record_feedback(scope=scope_for(mentor_a), entry=entry, useful=True)
    services.record_feedback(scope=scope_for(mentor_a), entry=entry, useful=False)
    services.record_feedback(scope=scope_for(staff_a), entry=entry, useful=False)
    assert feedback_counts(entry) == {"yes": 0, "no": 2}


def test_markdown_is_rendered_and_scripts_are_removed():
    html = render_markdown("# Title\n\n<script>alert(1)</script> [x](javascript:alert(1)) **b**")
    assert "<h1>Title</h1>" in html and "<strong>b</strong>" in html
    assert "<script" not in html and "javascript:" not in html


def test_deleting_an_entry_removes_it_from_search(center_a, staff_a, entry_factory):
    entry = entry_factory(staff_a, center_a, title_en="Beekeeping cooperative")
    scope = scope_for(staff_a)
    assert search(scope, "beekeeping").total == 1
    services.delete_entry(scope=scope, entry=entry)
    assert search(scope, "beekeeping").total == 0
    assert not SearchDocument.objects.filter(kind="entry").exists()


def test_ventures_organizations_and_people_are_indexed_when_other_apps_write_them(
    center_a, staff_a, venture_a, org_a
):
    scope = scope_for(staff_a)
    kinds = {hit.kind for hit in search(scope, "clean water kiosks").hits}
    assert "venture" in kinds
    assert search(scope, "Jordan River").hits[0].doc.object_id == org_a.pk
    org_a.delete()
    assert search(scope, "Jordan River").total == 0


def test_snippets_mark_terms_and_escape_html(center_a, staff_a, entry_factory):
    entry_factory(staff_a, center_a, summary_en="<b>Irrigation</b> for small farms")
    hit = search(scope_for(staff_a), "irrigation").hits[0]
    assert "<mark>Irrigation</mark>" in hit.snippet
    assert "&lt;b&gt;" in hit.snippet


def test_a_ventures_sdgs_reach_the_search_facets_when_its_app_sets_them(staff_a, venture_a):
    venture_a.sdg_goals.set([Goal.objects.get(pk=6)])
    found = search(scope_for(staff_a), "clean water kiosks")
    assert dict(found.facets["sdg"]) == {"6": 1}


def test_searching_nothing_visible_returns_nothing(center_a, staff_a, entry_factory):
    entry_factory(staff_a, center_a, title_en="Seaweed farming")
    assert search(scope_for(staff_a), "seaweed", visible=SearchDocument.objects.none()).total == 0
    assert search(scope_for(staff_a), "   ").total == 0
