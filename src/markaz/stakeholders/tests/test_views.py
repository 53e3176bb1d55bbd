from django.urls import reverse

from markaz.core.models import AuditEntry
from markaz.stakeholders.models import Affiliation, Organization, Partnership, Person


def url(name, center, **kw):
    return reverse(name, kwargs={"center": center.slug, **kw})


def test_staff_create_and_edit_an_organization_with_a_before_after_audit(client, center_a, staff_a):
    client.force_login(staff_a)
    client.post(
        url("organization-create", center_a),
        {"name_en": "Irbid Women's Cooperative", "name_ar": "تعاونية نساء إربد",
         "sector": "community", "country": "JO"},
    )  # fmt: skip
    org = Organization.objects.get(name_en="Irbid Women's Cooperative")
    response = client.post(
        url("organization-edit", center_a, pk=org.pk),
        {"name_en": "Irbid Women's Cooperative", "name_ar": "تعاونية نساء إربد",
         "sector": "social_enterprise", "country": "JO"},
    )  # fmt: skip
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="stakeholders.organization.updated")
    assert entry.changes == {"sector": ["community", "social_enterprise"]}


def test_innovators_see_organizations_but_cannot_create_them(client, center_a, innovator_a):
    client.force_login(innovator_a)
    assert client.get(url("organization-list", center_a)).status_code == 200
    assert client.get(url("organization-create", center_a)).status_code == 404
    client.post(url("organization-create", center_a), {"name_en": "X", "sector": "academia"})
    assert not Organization.objects.exists()


def test_organization_filters_by_sector_and_text(client, center_a, staff_a):
    from markaz.stakeholders.factories import OrganizationFactory

    OrganizationFactory(center=center_a, name_en="Ministry of Water", sector="government")
    OrganizationFactory(center=center_a, name_en="University of Jordan", sector="academia")
    client.force_login(staff_a)
    page = client.get(url("organization-list", center_a), {"sector": "academia"})
    assert [o.name_en for o in page.context["page"]] == ["University of Jordan"]
    page = client.get(url("organization-list", center_a), {"q": "water ministry"})
    assert [o.name_en for o in page.context["page"]] == ["Ministry of Water"]


def test_partnership_dates_are_validated(client, center_a, staff_a, org_a):
    client.force_login(staff_a)
    response = client.post(
        url("partnership-create", center_a, pk=org_a.pk),
        {"organization": org_a.pk, "kind": "funder", "starts_on": "2025-06-01",
         "ends_on": "2024-01-01"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "The end date cannot be before the start date." in response.content.decode()
    assert not Partnership.objects.exists()
    client.post(
        url("partnership-create", center_a, pk=org_a.pk),
        {"organization": org_a.pk, "kind": "funder", "starts_on": "2025-06-01"},
    )
    assert Partnership.objects.get().kind == "funder"


def test_a_partnership_cannot_point_at_another_centers_organization(
    client, center_a, staff_a, org_a, org_b
):
    client.force_login(staff_a)
    response = client.post(
        url("partnership-create", center_a, pk=org_a.pk),
        {"organization": org_b.pk, "kind": "funder"},
    )
    assert response.status_code == 200
    assert not Partnership.objects.exists()


def test_a_person_edits_their_own_profile_and_not_others(client, center_a, innovator_a, mentor_a):
    client.force_login(innovator_a)
    own = innovator_a.person
    response = client.post(
        reverse("me"),
        {"name_en": "Innovator A", "name_ar": "المبتكرة أ", "languages_text": "ar, en",
         "expertise_text": "water, finance", "contact_channel": "email"},
    )  # fmt: skip
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.languages == ["ar", "en"] and own.expertise == ["water", "finance"]
    assert client.get(url("person-edit", center_a, pk=mentor_a.person.pk)).status_code == 404


def test_bad_language_codes_are_refused(client, center_a, innovator_a):
    client.force_login(innovator_a)
    response = client.post(
        reverse("me"),
        {"name_en": "Innovator A", "languages_text": "arabic!, en", "contact_channel": "email"},
    )
    assert response.status_code == 200
    assert "arabic!" in response.content.decode()


def test_private_contact_details_show_only_to_those_who_may_edit(
    client, center_a, staff_a, innovator_a, venture_a, mentor_a
):
    from markaz.ventures.factories import TeamMemberFactory

    TeamMemberFactory(venture=venture_a, person=mentor_a.person, role="advisor", can_manage=False)
    mentor_a.person.phone = "+962 7 9999 1234"
    mentor_a.person.save()
    detail = url("person-detail", center_a, pk=mentor_a.person.pk)
    client.force_login(innovator_a)  # a teammate: sees the profile, not the phone
    page = client.get(detail).content.decode()
    assert "Mentor_A" in page and "+962 7 9999 1234" not in page
    client.force_login(staff_a)
    assert "+962 7 9999 1234" in client.get(detail).content.decode()


def test_staff_add_and_remove_affiliations(client, center_a, staff_a, mentor_a, org_a):
    client.force_login(staff_a)
    person = mentor_a.person
    client.post(
        url("affiliation-create", center_a, pk=person.pk),
        {"organization": org_a.pk, "title": "Board member"},
    )
    affiliation = Affiliation.objects.get(person=person)
    client.post(url("affiliation-remove", center_a, pk=person.pk, affiliation_pk=affiliation.pk))
    assert not Affiliation.objects.exists()
    assert list(
        AuditEntry.objects.filter(action__startswith="stakeholders.affiliation")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["stakeholders.affiliation.created", "stakeholders.affiliation.deleted"]


def test_staff_create_a_contact_without_a_login(client, center_a, staff_a):
    client.force_login(staff_a)
    client.post(
        url("person-create", center_a),
        {"name_ar": "سلمى الخطيب", "email": "salma@example.org", "contact_channel": "phone"},
    )
    person = Person.objects.get(name_ar="سلمى الخطيب")
    assert person.user is None and person.center == center_a
