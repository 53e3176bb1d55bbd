import re

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count, F
from django.urls import reverse

from markaz.core.models import AuditEntry, Center, Membership, Network, NetworkRole, Region
from markaz.demo.seed import DEMO_PASSWORD, demo_logins, print_logins, seed_demo
from markaz.stakeholders.models import (
    Affiliation,
    Organization,
    Partnership,
    PartnershipKind,
    Person,
    Sector,
)
from markaz.ventures.models import LegalForm, Stage, TeamMember, Venture

ARABIC = re.compile(r"[\u0600-\u06FF]")
MODELS = (Network, Center, Organization, Partnership, Person, Affiliation, Venture, TeamMember)


@pytest.fixture
def seeded(db):
    return seed_demo()


def counts():
    rows = {m.__name__: m.objects.count() for m in MODELS}
    rows["users"] = get_user_model().objects.count()
    rows["memberships"] = Membership.objects.count()
    rows["venture_goals"] = Venture.sdg_goals.through.objects.count()
    return rows


def test_the_demo_network_meets_every_minimum(seeded):
    assert Center.objects.count() >= 6
    assert len(set(Center.objects.values_list("region", flat=True))) >= 4
    assert Organization.objects.count() >= 60
    assert Venture.objects.count() >= 150
    assert Person.objects.count() >= 300
    world = Network.objects.get(kind="global")
    assert world.centers.count() == Center.objects.count()
    mena = Network.objects.get(kind="regional")
    assert set(mena.centers.values_list("region", flat=True)) == {Region.MENA}
    assert seeded["ventures"] == Venture.objects.count()
    assert seeded["created"]["ventures"] == Venture.objects.count()


def test_the_demo_covers_every_sector_stage_legal_form_partnership_kind_and_goal(seeded):
    assert set(Organization.objects.values_list("sector", flat=True)) == set(Sector.values)
    assert set(Venture.objects.values_list("stage", flat=True)) == set(Stage.values)
    assert set(Venture.objects.values_list("legal_form", flat=True)) == set(LegalForm.values)
    kinds = set(Partnership.objects.values_list("kind", flat=True))
    assert kinds == set(PartnershipKind.values)
    links = Venture.sdg_goals.through.objects
    for goal in range(1, 18):
        assert links.filter(goal_id=goal).count() >= 6, f"SDG {goal} is thin"
    for venture in Venture.objects.prefetch_related("sdg_goals", "sdg_targets"):
        goals = {g.pk for g in venture.sdg_goals.all()}
        assert goals
        assert {t.goal_id for t in venture.sdg_targets.all()} <= goals


def test_the_demo_is_written_in_both_languages(seeded):
    for model, fields in (
        (Network, ("name", "description")),
        (Center, ("name", "description", "city")),
        (Organization, ("name", "description")),
        (Venture, ("name", "problem", "solution", "beneficiaries")),
        (Person, ("name",)),
    ):
        for row in model.objects.all():
            for field in fields:
                english, arabic = getattr(row, f"{field}_en"), getattr(row, f"{field}_ar")
                assert english and not ARABIC.search(english), (row, field)
                assert ARABIC.search(arabic), (row, field)
    assert not Venture.objects.filter(problem_en__contains="{city}").exists()
    assert not Venture.objects.filter(problem_ar__contains="{city}").exists()


def test_ventures_have_one_founder_local_names_and_mostly_private_profiles(seeded):
    for venture in Venture.objects.select_related("center").prefetch_related("team"):
        roles = [m.role for m in venture.team.all()]
        assert roles.count("founder") == 1, venture
        assert venture.name_en.endswith(venture.center.city_en)
        assert venture.name_ar.endswith(venture.center.city_ar)
    assert not TeamMember.objects.exclude(venture__center=F("person__center")).exists()
    public = Venture.objects.filter(is_public=True).count()
    assert 0 < public < Venture.objects.count() / 2


def test_people_have_plausible_contact_data_and_local_affiliations(seeded):
    people = Person.objects.all()
    assert all(p.email.endswith(".example") for p in people)
    assert all(p.languages and p.expertise for p in people)
    assert Affiliation.objects.count() >= 200
    assert not Affiliation.objects.exclude(organization__center=F("person__center")).exists()
    assert Affiliation.objects.filter(ends_on__isnull=False).exists()
    for affiliation in Affiliation.objects.filter(ends_on__isnull=False):
        assert affiliation.ends_on >= affiliation.starts_on


def test_seeding_twice_changes_nothing_and_is_audited_once(seeded):
    before = counts()
    again = seed_demo()
    assert counts() == before
    assert sum(again["created"].values()) == 0
    assert {k: v for k, v in again.items() if k != "created"} == {
        k: v for k, v in seeded.items() if k != "created"
    }
    assert AuditEntry.objects.filter(action="demo.network.seeded").count() == 1


def test_a_reseed_keeps_edits_and_restores_only_what_was_deleted(seeded):
    venture = Venture.objects.filter(stage=Stage.IDEA).first()
    venture.stage = Stage.SCALING
    venture.save()
    gone = Organization.objects.filter(partnerships__isnull=True).first()
    gone_name = gone.name_en
    gone.delete()
    result = seed_demo()
    venture.refresh_from_db()
    assert venture.stage == Stage.SCALING
    assert result["created"]["organizations"] == 1
    assert Organization.objects.filter(name_en=gone_name).count() == 1
    assert AuditEntry.objects.filter(action="demo.network.seeded").count() == 2


def test_demo_logins_authenticate_only_with_the_demo_password(seeded, client):
    for row in demo_logins():
        assert client.login(username=row["username"], password=DEMO_PASSWORD), row
        client.logout()
    assert not client.login(username="admin", password="not-the-demo-password")


def test_demo_logins_hold_their_roles(seeded):
    users = {
        u.username: u for u in get_user_model().objects.filter(email__endswith="@markaz.example")
    }
    assert len(users) == len(demo_logins())
    amman = Center.objects.get(city_en="Amman")
    for role in ("admin", "staff", "reviewer", "mentor", "innovator", "partner", "funder"):
        held = Membership.objects.filter(user=users[role]).values_list("center", "role")
        assert list(held) == [(amman.pk, role)]
        assert users[role].person.center == amman
    nairobi = Center.objects.get(city_en="Nairobi")
    assert list(
        Membership.objects.filter(user=users["staff.nairobi"]).values_list("center", "role")
    ) == [(nairobi.pk, "staff")]
    coordinator = users["coordinator"]
    assert not Membership.objects.filter(user=coordinator).exists()
    assert NetworkRole.objects.get(user=coordinator).network.kind == "global"
    assert users["operator"].is_superuser and users["operator"].is_staff
    assert not any(u.is_superuser for name, u in users.items() if name != "operator")
    assert {u.preferred_language for u in users.values()} == {"ar", "en"}
    assert all(hasattr(u, "person") for u in users.values())


def test_the_innovator_runs_two_amman_ventures(seeded):
    person = Person.objects.get(user__username="innovator")
    runs = TeamMember.objects.filter(person=person, can_manage=True, role="founder")
    assert runs.count() == 2
    assert {m.venture.center.city_en for m in runs} == {"Amman"}


def test_the_innovator_opens_a_private_venture_the_reviewer_cannot(seeded, client):
    venture = Venture.objects.get(team__person__user__username="innovator", is_public=False)
    url = reverse("venture-detail", kwargs={"center": venture.center.slug, "pk": venture.pk})
    client.login(username="innovator", password=DEMO_PASSWORD)
    response = client.get(url)
    assert response.status_code == 200
    assert venture.name_en in response.content.decode()
    client.logout()
    client.login(username="reviewer", password=DEMO_PASSWORD)
    assert client.get(url).status_code == 404


def test_print_logins_lists_every_login_and_where_to_open_the_demo(capsys):
    print_logins()
    out = capsys.readouterr().out
    for row in demo_logins():
        assert row["username"] in out
    assert DEMO_PASSWORD in out
    assert "http://127.0.0.1:8000/en/" in out and "http://127.0.0.1:8000/ar/" in out


def test_the_demo_library_is_shared_among_the_centers_and_searchable(seeded):
    from markaz.core.access import scope_for
    from markaz.knowledge.models import Entry
    from markaz.knowledge.search import search

    entries = Entry.objects.filter(status="published", visibility="public")
    assert entries.count() >= 200
    assert entries.values("center").distinct().count() >= 6
    results = search(scope_for(None), "المياه")
    assert results.hits, "an Arabic query finds demo entries"


def test_the_demo_has_a_fund_with_awards_and_a_paid_tranche(seeded):
    from markaz.funding.models import Award, Fund, LedgerEntry

    fund = Fund.objects.get(center__slug="amal-hub")
    assert Award.objects.filter(fund=fund).count() == 3
    assert LedgerEntry.objects.filter(kind="disbursement").count() == 1


def test_the_seeded_demo_is_searchable_for_every_kind(seeded):
    from markaz.knowledge.models import SearchDocument

    indexed = dict(
        SearchDocument.objects.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n")
    )
    assert indexed.get("venture") == Venture.objects.count()
    assert indexed.get("organization") == Organization.objects.count()
    assert indexed.get("person", 0) > 0
