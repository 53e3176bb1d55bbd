"""360Giving and IATI exports: valid against the official schemas, publishable awards only."""

import datetime as dt
import json
from decimal import Decimal

from lxml import etree

from markaz.core.access import scope_for
from markaz.funding import opendata, services
from markaz.funding.tests.fixtures import milestone, pay


def _with_sdgs(venture):
    venture.sdg_goals.set([6, 7])
    venture.sdg_targets.set(["6.1"])
    venture.country = "JO"
    venture.save()


def test_the_360giving_package_is_valid_and_lists_publishable_awards_only(
    center_a, staff_a, staff2_a, fund_a, award_a, venture_a
):
    _with_sdgs(venture_a)
    services.create_award(
        scope=scope_for(staff_a),
        center=center_a,
        data={"fund": fund_a, "venture": venture_a, "title_en": "Unpublished prize",
              "kind": "prize", "amount": Decimal("500.00"), "currency": "USD",
              "awarded_on": dt.date(2026, 2, 2)},
    )  # fmt: skip
    pay(milestone(award_a), staff_a, staff2_a)
    package = opendata.build_360giving(center_a)
    assert opendata.giving_errors(package) == []
    (grant,) = package["grants"]
    assert grant["title"] == "Kiosk pilot grant"
    assert (grant["amountAwarded"], grant["amountDisbursed"]) == (10000, 4000)
    assert [c["code"] for c in grant["classifications"]] == ["6", "7"]


def test_no_personal_data_of_the_team_is_published(center_a, award_a, venture_a, innovator_a):
    text = json.dumps(opendata.build_360giving(center_a), ensure_ascii=False)
    text += opendata.build_iati(center_a).decode()
    person = innovator_a.person
    assert person.name_en not in text and innovator_a.email not in text


def test_a_package_missing_a_required_field_fails_validation(center_a, award_a):
    package = opendata.build_360giving(center_a)
    del package["grants"][0]["awardDate"]
    assert opendata.giving_errors(package)
    package = opendata.build_360giving(center_a)
    package["grants"][0]["awardDate"] = "1 February 2026"
    assert opendata.giving_errors(package)


def test_the_iati_activities_are_valid_with_sdg_goal_and_target_tags(
    center_a, staff_a, staff2_a, award_a, venture_a
):
    _with_sdgs(venture_a)
    entry = pay(milestone(award_a), staff_a, staff2_a)
    services.reverse_entry(scope=scope_for(staff_a), entry=entry, memo="bounced")
    document = opendata.build_iati(center_a)
    assert opendata.iati_errors(document) == []
    root = etree.fromstring(document)
    tags = [(t.get("vocabulary"), t.get("code")) for t in root.iter("tag")]
    assert tags == [("2", "6"), ("2", "7"), ("3", "6.1")]
    values = [v.text for v in root.iter("value")]
    assert values == ["10000.0000", "4000.0000", "-4000.0000"]


def test_iati_without_a_required_element_fails_validation(center_a, award_a):
    root = etree.fromstring(opendata.build_iati(center_a))
    activity = root.find("iati-activity")
    activity.remove(activity.find("activity-status"))
    assert opendata.iati_errors(etree.tostring(root))


def test_other_centers_awards_never_appear(center_a, award_a, award_b):
    package = opendata.build_360giving(center_a)
    assert [g["title"] for g in package["grants"]] == ["Kiosk pilot grant"]
