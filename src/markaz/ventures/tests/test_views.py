import pytest
from django.urls import reverse

from markaz.core.models import AuditEntry
from markaz.ventures.models import TeamMember, Venture


def url(name, center, **kw):
    return reverse(name, kwargs={"center": center.slug, **kw})


def test_staff_create_a_venture_with_sdgs_and_it_is_audited(client, center_a, staff_a):
    client.force_login(staff_a)
    response = client.post(
        url("venture-create", center_a),
        {
            "name_en": "Solar Cold Rooms",
            "name_ar": "غرف التبريد الشمسية",
            "stage": "pilot",
            "legal_form": "social_business",
            "sdg_goals": ["2", "7"],
            "sdg_targets": ["7.1"],
            "country": "JO",
            "website": "solar-cold.example",
        },
    )
    venture = Venture.objects.get(name_en="Solar Cold Rooms")
    assert response.status_code == 302
    assert response["Location"] == url("venture-detail", center_a, pk=venture.pk)
    assert venture.center == center_a
    assert venture.website == "https://solar-cold.example"
    assert sorted(venture.sdg_goals.values_list("pk", flat=True)) == [2, 7]
    entry = AuditEntry.objects.get(action="ventures.venture.created")
    assert entry.actor == staff_a and entry.center == center_a
    assert entry.changes["name_en"] == [None, "Solar Cold Rooms"]
    assert entry.changes["sdg_goals"] == [[], [2, 7]]
    assert not TeamMember.objects.filter(venture=venture).exists()


def test_an_innovator_who_creates_a_venture_runs_it(client, center_a, innovator_a):
    client.force_login(innovator_a)
    client.post(
        url("venture-create", center_a),
        {"name_ar": "مكتبة متنقلة", "stage": "idea", "legal_form": "informal"},
    )
    venture = Venture.objects.get(name_ar="مكتبة متنقلة")
    member = TeamMember.objects.get(venture=venture)
    assert member.person == innovator_a.person and member.can_manage


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "Give a name in Arabic or English (or both)."),
        ("ar", "أدخل اسمًا بالعربية أو بالإنجليزية (أو بكليهما)."),
    ],
)
def test_a_venture_without_a_name_is_refused_with_a_translated_message(
    client, center_a, staff_a, lang, message
):
    client.force_login(staff_a)
    response = client.post(
        f"/{lang}/c/{center_a.slug}/ventures/new/",
        {"name_en": "  ", "name_ar": "", "stage": "pilot", "legal_form": "informal"},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Venture.objects.exists()


def test_targets_of_goals_not_chosen_are_refused(client, center_a, staff_a):
    client.force_login(staff_a)
    response = client.post(
        url("venture-create", center_a),
        {"name_en": "X", "stage": "idea", "legal_form": "informal", "sdg_goals": ["6"],
         "sdg_targets": ["7.1"]},
    )  # fmt: skip
    assert response.status_code == 200
    assert "7.1" in response.context["form"].errors["sdg_targets"][0]
    assert not Venture.objects.exists()


def test_bad_choices_and_dates_give_field_errors_not_500(client, center_a, staff_a):
    client.force_login(staff_a)
    response = client.post(
        url("venture-create", center_a),
        {"name_en": "X", "stage": "unicorn", "legal_form": "??", "founded_on": "31/31/2020",
         "country": "ZZ", "sdg_goals": ["99"]},
    )  # fmt: skip
    errors = response.context["form"].errors
    assert response.status_code == 200
    assert {"stage", "legal_form", "founded_on", "country", "sdg_goals"} <= set(errors)


def test_innovator_edits_own_venture_but_not_someone_elses(
    client, center_a, innovator_a, venture_a
):
    from markaz.ventures.factories import VentureFactory

    other = VentureFactory(center=center_a, is_public=True, name_en="Other Team")
    client.force_login(innovator_a)
    ok = client.post(
        url("venture-edit", center_a, pk=venture_a.pk),
        {"name_en": "Clean Water Kiosks 2", "stage": "scaling", "legal_form": "cooperative"},
    )
    assert ok.status_code == 302
    venture_a.refresh_from_db()
    assert venture_a.stage == "scaling"
    refused = client.post(
        url("venture-edit", center_a, pk=other.pk),
        {"name_en": "Hijacked", "stage": "idea", "legal_form": "informal"},
    )
    assert refused.status_code == 403
    other.refresh_from_db()
    assert other.name_en == "Other Team"


def test_list_search_and_filters_find_arabic_and_english(client, center_a, staff_a):
    from markaz.ventures.factories import VentureFactory

    VentureFactory(center=center_a, name_en="Water Kiosks", name_ar="أكشاك المياه", stage="pilot")
    VentureFactory(center=center_a, name_en="Girls Code", name_ar="برمجة الفتيات", stage="idea")
    client.force_login(staff_a)
    page = client.get(url("venture-list", center_a), {"q": "المياه"})
    assert [v.name_en for v in page.context["page"]] == ["Water Kiosks"]
    page = client.get(url("venture-list", center_a), {"stage": "idea"})
    assert [v.name_en for v in page.context["page"]] == ["Girls Code"]
    partial = client.get(url("venture-list", center_a), {"q": "girls"}, HTTP_HX_REQUEST="true")
    assert b"<html" not in partial.content and b"Girls Code" in partial.content


def test_list_pages_issue_a_constant_number_of_queries(
    client, center_a, staff_a, django_assert_max_num_queries
):
    from markaz.ventures.factories import VentureFactory

    client.force_login(staff_a)

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url("venture-list", center_a)).status_code == 200
        return len(ctx)

    VentureFactory.create_batch(3, center=center_a)
    few = count_queries()
    for v in VentureFactory.create_batch(20, center=center_a):
        v.sdg_goals.set([1, 5])
    assert count_queries() == few
    with django_assert_max_num_queries(12):
        client.get(url("venture-list", center_a))


def test_team_members_are_added_and_the_last_manager_cannot_leave(
    client, center_a, innovator_a, venture_a, mentor_a
):
    client.force_login(innovator_a)
    member = venture_a.team.get()
    client.post(url("team-remove", center_a, pk=venture_a.pk, member_pk=member.pk))
    assert venture_a.team.count() == 1
    # the innovator cannot see the mentor's profile, so cannot add them either
    response = client.post(
        url("team-add", center_a, pk=venture_a.pk),
        {"person": mentor_a.person.pk, "role": "advisor"},
    )
    assert response.status_code == 302
    assert venture_a.team.count() == 1


def test_staff_add_a_team_member(client, center_a, staff_a, venture_a, mentor_a):
    client.force_login(staff_a)
    client.post(
        url("team-add", center_a, pk=venture_a.pk),
        {"person": mentor_a.person.pk, "role": "advisor"},
    )
    assert venture_a.team.filter(person=mentor_a.person, role="advisor").exists()
    assert AuditEntry.objects.filter(action="ventures.team_member.added").count() == 1


def test_staff_find_people_to_add_by_name(client, center_a, staff_a, venture_a, mentor_a):
    client.force_login(staff_a)
    page = client.get(url("team-add", center_a, pk=venture_a.pk), {"q": "mentor"})
    assert [p.pk for p in page.context["found"]] == [mentor_a.person.pk]
    on_team = client.get(url("team-add", center_a, pk=venture_a.pk), {"q": "innovator"})
    assert list(on_team.context["found"]) == []  # already on the team
