"""Challenge fixtures: a challenge of center A owned by a government body (partner_a works
there) and a university, and a challenge of center B with a comment, a document and a
linked venture."""

import pytest

from markaz.core.access import scope_for

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def challenge_gov_org_a(center_a, partner_a):
    from markaz.stakeholders.factories import AffiliationFactory, OrganizationFactory

    org = OrganizationFactory(
        center=center_a,
        name_en="Ministry of Water",
        name_ar="وزارة المياه",
        sector="government",
    )
    AffiliationFactory(person=partner_a.person, organization=org)
    return org


@pytest.fixture
def challenge_academia_org_a(center_a):
    from markaz.stakeholders.factories import OrganizationFactory

    return OrganizationFactory(
        center=center_a,
        name_en="University of Jordan",
        name_ar="الجامعة الأردنية",
        sector="academia",
    )


@pytest.fixture
def challenge_a(center_a, staff_a, challenge_gov_org_a, challenge_academia_org_a):
    from markaz.challenges import services
    from markaz.core.reference import targets_by_codes

    return services.create_challenge(
        scope=scope_for(staff_a),
        center=center_a,
        data={
            "title_en": "Water loss in informal settlements",
            "title_ar": "فقدان المياه في التجمعات غير الرسمية",
            "problem_en": "Half of the water is **lost** before it reaches homes.",
            "problem_ar": "يضيع **نصف** المياه قبل وصولها إلى البيوت.",
            "country": "JO",
            "place_en": "East Amman",
            "place_ar": "شرق عمّان",
        },
        sdg_targets=targets_by_codes(["6.1", "6.4"]),
        owners=[(challenge_gov_org_a, "owner"), (challenge_academia_org_a, "data_provider")],
    )


@pytest.fixture
def challenge_b(center_b, outsider, org_b, venture_b):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from markaz.challenges import services

    scope = scope_for(outsider)
    challenge = services.create_challenge(
        scope=scope,
        center=center_b,
        data={"title_en": "Baobab private challenge", "title_ar": "تحدي الباوباب الخاص"},
        owners=[(org_b, "owner")],
    )
    comment = services.add_comment(scope=scope, challenge=challenge, body="Private thought of B")
    attachment = services.add_attachment(
        scope=scope,
        challenge=challenge,
        upload=SimpleUploadedFile("b.pdf", PDF, content_type="application/pdf"),
    )
    services.link_venture(scope=scope, challenge=challenge, venture=venture_b)
    challenge.test_comment, challenge.test_attachment = comment, attachment
    return challenge
