"""`markaz export 360giving|iati`: writes validated open data files."""

import json

import pytest
from lxml import etree

from markaz.cli import main
from markaz.funding import opendata


def test_export_writes_a_valid_360giving_file(center_a, award_a, tmp_path):
    target = tmp_path / "grants.json"
    main(["export", "360giving", "--center", center_a.slug, "-o", str(target)])
    package = json.loads(target.read_text(encoding="utf-8"))
    assert opendata.giving_errors(package) == []
    assert len(package["grants"]) == 1


def test_export_writes_a_valid_iati_file(center_a, award_a, tmp_path):
    target = tmp_path / "activities.xml"
    main(["export", "iati", "--center", center_a.slug, "-o", str(target)])
    assert opendata.iati_errors(target.read_bytes()) == []
    assert etree.parse(str(target)).getroot().tag == "iati-activities"


def test_export_of_an_unknown_center_fails(db, tmp_path):
    with pytest.raises(SystemExit, match="no center"):
        main(["export", "iati", "--center", "nowhere", "-o", str(tmp_path / "x.xml")])


def test_a_center_with_nothing_publishable_cannot_export_an_invalid_package(center_a, tmp_path):
    # 360Giving requires at least one grant: the command refuses rather than write bad data.
    with pytest.raises(SystemExit, match="does not validate"):
        main(["export", "360giving", "--center", center_a.slug, "-o", str(tmp_path / "g.json")])


def test_ledger_checkpoint_command_records_fund_balances_once(award_a, capsys):
    from markaz.funding.models import FundCheckpoint

    main(["ledger-checkpoint"])
    main(["ledger-checkpoint"])
    out = capsys.readouterr().out
    assert "checkpoint up to entry" in out and "nothing new" in out
    assert FundCheckpoint.objects.get().committed == award_a.amount
