"""`markaz network analytics` and `markaz network expire-introductions`."""

import json

import pytest

from markaz.cli import main


def test_analytics_prints_the_centers_numbers_as_json(center_a, nw_community, capsys):
    main(["network", "analytics", "--center", center_a.slug])
    data = json.loads(capsys.readouterr().out)
    assert [c["slug"] for c in data["centers"]] == ["amal-hub"]
    assert data["centers"][0]["cross_sector"]["organizations"] == 3


def test_analytics_of_an_unknown_center_fails(db):
    with pytest.raises(SystemExit, match="no center"):
        main(["network", "analytics", "--center", "nowhere"])


def test_expiring_with_nothing_overdue_changes_nothing(db, capsys):
    main(["network", "expire-introductions"])
    assert capsys.readouterr().out.startswith("0 ")
