import argparse
import io
import json

import pytest

from markaz.mentoring import commands

INSTANCE = {
    "mentees": [{"id": "amal"}, {"id": "bilal", "capacity": 1}, {"id": "dana", "capacity": 2}],
    "mentors": [{"id": "omar", "capacity": 1}, {"id": "sara", "capacity": 2}],
    "edges": [
        ["amal", "omar", 0.9],
        ["amal", "sara", 0.1],
        ["bilal", "omar", 0.2],
        ["dana", "sara", 0.5],
        ["dana", "omar", 0.7],
    ],
}


def run(argv, capsys, stdin: str | None = None, monkeypatch=None):
    parser = argparse.ArgumentParser(prog="markaz")
    commands.register(parser.add_subparsers(dest="command", required=True))
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = 0
    try:
        args = parser.parse_args(argv)
        args.func(args)
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path, data, name="instance.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def test_solve_prints_the_optimal_pairs_as_one_json_line(tmp_path, capsys):
    code, out, err = run(["match", "solve", write(tmp_path, INSTANCE)], capsys)
    assert (code, err) == (0, "")
    # Omar has one place and Sara two: three pairs at most; Bilal stays out.
    assert out == (
        '{"pairs": [["amal", "sara"], ["dana", "omar"], ["dana", "sara"]], '
        '"matched": 3, "total_fit": 1.3}\n'
    )


def test_output_file_gets_the_result_instead_of_stdout(tmp_path, capsys):
    out_path = tmp_path / "out.json"
    code, out, _ = run(["match", "solve", write(tmp_path, INSTANCE), "-o", str(out_path)], capsys)
    assert (code, out) == (0, "")
    assert json.loads(out_path.read_text())["matched"] == 3


def test_instance_can_come_from_stdin(capsys, monkeypatch):
    code, out, _ = run(["match", "solve", "-"], capsys, json.dumps(INSTANCE), monkeypatch)
    assert code == 0 and json.loads(out)["matched"] == 3


def test_locked_and_excluded_pairs_are_honoured(tmp_path, capsys):
    data = {**INSTANCE, "locked": [["bilal", "omar"]], "excluded": [["dana", "sara"]]}
    code, out, _ = run(["match", "solve", write(tmp_path, data)], capsys)
    assert code == 0
    assert json.loads(out) == {
        "pairs": [["amal", "sara"], ["bilal", "omar"]],
        "matched": 2,
        "total_fit": pytest.approx(0.3),
    }


def test_stable_mode_uses_the_given_preferences(tmp_path, capsys):
    data = {
        "mentees": [{"id": "amal"}, {"id": "bilal"}, {"id": "dana"}],
        "mentors": [{"id": "omar", "capacity": 1}, {"id": "sara", "capacity": 1}],
        "mentee_prefs": {"amal": ["omar", "sara"], "bilal": ["omar"], "dana": ["omar", "sara"]},
        "mentor_prefs": {"omar": ["bilal", "amal", "dana"], "sara": ["dana", "amal"]},
    }
    code, out, err = run(["match", "solve", "--stable", write(tmp_path, data)], capsys)
    assert (code, err) == (0, "")
    # Omar prefers Bilal, so Amal moves on to Sara, who then prefers Dana.
    assert out == (
        '{"pairs": [["bilal", "omar"], ["dana", "sara"]], "matched": 2, "total_fit": 0.0}\n'
    )


def test_stable_mode_derives_preferences_from_fits(tmp_path, capsys):
    code, out, _ = run(["match", "solve", "--stable", write(tmp_path, _stable())], capsys)
    assert code == 0
    # Amal's best is Omar (0.9), who also ranks Amal first; Dana then takes Sara.
    assert json.loads(out) == {
        "pairs": [["amal", "omar"], ["dana", "sara"]],
        "matched": 2,
        "total_fit": pytest.approx(1.4),
    }


def test_help_documents_the_instance_and_the_stable_preferences(capsys):
    code, out, _ = run(["match", "solve", "--help"], capsys)
    assert code == 0
    for word in ("INSTANCE.json", "edges", "locked", "mentee_prefs", "mentor_prefs", "status 2"):
        assert word in out


def _with(**changes):
    data = json.loads(json.dumps(INSTANCE))
    data.update(changes)
    return data


BAD = {
    "malformed JSON": ('{"mentees": [', "not valid JSON"),
    "not an object": ("[1, 2]", "must be a JSON object"),
    "missing mentees": ({"mentors": [], "edges": []}, "missing key 'mentees'"),
    "missing mentors": ({"mentees": [], "edges": []}, "missing key 'mentors'"),
    "missing edges": ({"mentees": [], "mentors": []}, "missing key 'edges'"),
    "unknown key": (_with(lock=[]), "unknown key 'lock'"),
    "person without id": (_with(mentees=[{"capacity": 1}]), "must be an object with an 'id'"),
    "mentor without capacity": (_with(mentors=[{"id": "omar"}]), "no capacity"),
    "duplicate mentee id": (_with(mentees=[{"id": "amal"}, {"id": "amal"}]), "duplicate mentee"),
    "duplicate mentor id": (
        _with(mentors=[{"id": "omar", "capacity": 1}, {"id": "omar", "capacity": 2}]),
        "duplicate mentor",
    ),
    "negative capacity": (_with(mentors=[{"id": "omar", "capacity": -1}]), "non-negative"),
    "fractional capacity": (_with(mentees=[{"id": "amal", "capacity": 1.5}]), "integer"),
    "whole float capacity": (_with(mentees=[{"id": "amal", "capacity": 1.0}]), "integer"),
    "text capacity": (_with(mentors=[{"id": "omar", "capacity": "2"}]), "integer"),
    "boolean capacity": (_with(mentors=[{"id": "omar", "capacity": True}]), "integer"),
    "unknown mentee in edge": (_with(edges=[["zaid", "omar", 1]]), "unknown mentee 'zaid'"),
    "unknown mentor in edge": (_with(edges=[["amal", "zaid", 1]]), "unknown mentor 'zaid'"),
    "short edge": (_with(edges=[["amal", "omar"]]), "must be [mentee id, mentor id, fit]"),
    "text fit": (_with(edges=[["amal", "omar", "0.5"]]), "fit must be a number"),
    "null fit": (_with(edges=[["amal", "omar", None]]), "fit must be a number"),
    "boolean fit": (_with(edges=[["amal", "omar", True]]), "fit must be a number"),
    "NaN fit": ('{"mentees": [], "mentors": [], "edges": [["a", "b", NaN]]}', "finite"),
    "infinite fit": (
        '{"mentees": [{"id": "a"}], "mentors": [{"id": "b", "capacity": 1}],'
        ' "edges": [["a", "b", 1e999]]}',
        "finite",
    ),
    "duplicate edge": (_with(edges=[["amal", "omar", 1], ["amal", "omar", 2]]), "duplicate edge"),
    "locked pair without edge": (_with(locked=[["bilal", "sara"]]), "not an allowed edge"),
    "locks over capacity": (
        _with(locked=[["amal", "omar"], ["bilal", "omar"]]),
        "capacity of mentor 'omar'",
    ),
    "malformed excluded": (_with(excluded=[["amal"]]), "must be [mentee id, mentor id]"),
}


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_bad_instance_exits_2_with_a_one_line_message(case, tmp_path, capsys):
    data, message = BAD[case]
    code, out, err = run(["match", "solve", write(tmp_path, data)], capsys)
    assert code == 2
    assert out == ""
    assert err.startswith("markaz match solve: error: ")
    assert err.endswith("\n") and err.count("\n") == 1
    assert message in err


def _stable(**changes):
    return _with(mentees=[{"id": "amal"}, {"id": "bilal"}, {"id": "dana"}], **changes)


STABLE_BAD = {
    "mentee capacity above one": (_with(), "'dana': with --stable every mentee capacity must be 1"),
    "locked pairs": (_stable(locked=[["amal", "omar"]]), "not supported with --stable"),
    "prefs outside the edges": (
        _stable(mentee_prefs={"bilal": ["sara"]}),
        "'sara' but 'bilal' → 'sara' is not an edge",
    ),
    "unknown id in prefs": (_stable(mentor_prefs={"omar": ["zaid"]}), "unknown id 'zaid'"),
    "unknown owner of prefs": (_stable(mentee_prefs={"zaid": []}), "unknown mentee 'zaid'"),
    "someone listed twice": (_stable(mentee_prefs={"amal": ["omar", "omar"]}), "twice"),
    "prefs not an object": (_stable(mentee_prefs=["amal"]), "must be an object"),
    "no edges and one prefs": (
        {"mentees": [], "mentors": [], "mentee_prefs": {}},
        "give 'edges' or both",
    ),
}


@pytest.mark.parametrize("case", list(STABLE_BAD), ids=list(STABLE_BAD))
def test_bad_stable_instance_exits_2_with_a_one_line_message(case, tmp_path, capsys):
    data, message = STABLE_BAD[case]
    code, out, err = run(["match", "solve", "--stable", write(tmp_path, data)], capsys)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and message in err


def test_missing_file_exits_2(tmp_path, capsys):
    code, _, err = run(["match", "solve", str(tmp_path / "nope.json")], capsys)
    assert code == 2 and "cannot read" in err


def test_the_markaz_command_discovers_match_solve(tmp_path, capsys):
    from markaz.cli import main

    main(["match", "solve", write(tmp_path, INSTANCE)])
    assert json.loads(capsys.readouterr().out)["matched"] == 3
