import hashlib

import pytest
from django.contrib.auth import get_user_model

from markaz.core.models import AuditEntry, Center, Membership
from markaz.demo.gen_plan import plan_center
from markaz.demo.generate import generate_network
from markaz.stakeholders.models import Organization, Person, Sector
from markaz.ventures.models import Stage, TeamMember, Venture


def checksum(seed: int, n: int) -> str:
    plan = plan_center(seed, n)
    names = [plan.center["name_en"], plan.center["name_ar"]]
    for rows in (plan.orgs, plan.people, plan.ventures):
        names += [f"{r['name_en']}|{r['name_ar']}" for r in rows]
    names += [repr(row) for row in (*plan.sdgs, *plan.affiliations, *plan.team)]
    return hashlib.sha256("\n".join(names).encode()).hexdigest()


def test_a_generated_center_depends_only_on_seed_and_number():
    assert checksum(7, 3) == checksum(7, 3)
    assert checksum(7, 3) != checksum(8, 3)
    assert checksum(7, 3) != checksum(7, 4)


def test_a_generated_plan_is_bilingual_with_unique_names_and_one_founder_per_venture():
    plan = plan_center(7, 1)
    assert plan.center["city_en"].isascii()
    assert plan.center["city_ar"] and not plan.center["city_ar"].isascii()
    for rows in (plan.orgs, plan.ventures):
        names = [r["name_en"] for r in rows]
        assert len(names) == len(set(names))
        assert all(r["name_ar"] and "{" not in r["name_ar"] + r["name_en"] for r in rows)
    founders = [(v, p) for v, p, role, _ in plan.team if role == "founder"]
    assert sorted(v for v, _ in founders) == list(range(len(plan.ventures)))
    pairs = [(v, p) for v, p, _, _ in plan.team]
    assert len(pairs) == len(set(pairs))
    assert {o["sector"] for o in plan.orgs} == set(Sector.values)


@pytest.mark.django_db
def test_generate_scale_one_creates_the_expected_network_and_a_rerun_creates_nothing(client):
    result = generate_network(scale=1, seed=7)
    assert result["centers"] == Center.objects.filter(slug__startswith="gen-7-").count() == 5
    assert not Center.objects.filter(slug__startswith="gen-7-", city_ar="").exists()
    assert result["organizations"] == Organization.objects.count() == 500
    assert result["ventures"] == Venture.objects.count() == 1000
    assert result["people"] == Person.objects.count() == 3000
    assert (
        result["users"]
        == get_user_model().objects.filter(username__startswith="gen7-staff-").count()
        == 15
    )
    assert Membership.objects.filter(role="admin").count() == 5
    assert result["team_members"] == TeamMember.objects.count()
    assert TeamMember.objects.filter(role="founder").count() == 1000
    assert set(Venture.objects.values_list("stage", flat=True)) == set(Stage.values)
    assert set(Organization.objects.values_list("sector", flat=True)) == set(Sector.values)
    goals = set(Venture.sdg_goals.through.objects.values_list("goal_id", flat=True))
    assert goals == set(range(1, 18))
    assert not Venture.objects.filter(sdg_goals__isnull=True).exists()

    again = generate_network(scale=1, seed=7)
    assert again["skipped_centers"] == 5
    assert again["centers"] == again["ventures"] == again["people"] == 0
    assert Venture.objects.count() == 1000
    assert AuditEntry.objects.filter(action="demo.network.generated").count() == 1

    staff = get_user_model().objects.filter(username__startswith="gen7-staff-")
    assert len(set(staff.values_list("password", flat=True))) == 1  # hashed once
    assert client.login(username="gen7-staff-1", password="markaz-demo")


def test_generate_refuses_a_scale_below_one():
    with pytest.raises(ValueError, match="scale"):
        generate_network(scale=0, seed=7)
