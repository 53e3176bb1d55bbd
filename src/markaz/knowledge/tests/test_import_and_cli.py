import json

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from markaz.cli import build_parser, main
from markaz.knowledge.importer import ImportFailed, import_entries
from markaz.knowledge.models import Entry, EntryVersion, SearchDocument

pytestmark = pytest.mark.django_db

GOOD = {
    "id": "ar-1",
    "lang": "ar",
    "title": "تعاونيات نسائية لإنتاج الألبان",
    "summary": "تجربة تعاونية",
    "body": "نص",
    "type": "case-study",
    "sdgs": [5, 8],
    "tags": ["تعاونيات"],
    "visibility": "public",
}


def lines(*rows):
    return [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]


def test_a_good_file_is_imported_published_with_external_ids(center_a):
    english = {**GOOD, "id": "en-1", "lang": "en", "title": "Dairy cooperatives"}
    entries = import_entries(lines(GOOD, "", english), center=center_a)
    assert [e.external_id for e in entries] == ["ar-1", "en-1"]
    assert entries[0].title_ar == GOOD["title"] and entries[1].title_en == "Dairy cooperatives"
    assert sorted(entries[0].sdgs.values_list("pk", flat=True)) == [5, 8]
    assert all(e.status == "published" for e in entries)


def test_every_bad_line_is_reported_with_its_number_and_nothing_is_written(center_a):
    bad = lines(
        GOOD,
        "{not json",
        {**GOOD, "id": "ar-2", "type": "poem"},
        {**GOOD, "id": "ar-1"},
        {**GOOD, "id": "ar-3", "sdgs": [18], "lang": "fr"},
        ["a", "list"],
    )
    with pytest.raises(ImportFailed) as exc:
        import_entries(bad, center=center_a)
    by_line = {}
    for error in exc.value.errors:
        by_line.setdefault(error.line, []).append(error.message)
    assert sorted(by_line) == [2, 3, 4, 5, 6]
    assert "poem" in by_line[3][0]
    assert "duplicate id 'ar-1' (first on line 1)" in by_line[4][0]
    assert len(by_line[5]) == 2
    assert not Entry.objects.exists() and not EntryVersion.objects.exists()
    assert not SearchDocument.objects.filter(kind="entry").exists()


def test_an_id_already_imported_into_the_center_is_refused(center_a):
    import_entries(lines(GOOD), center=center_a)
    with pytest.raises(ImportFailed) as exc:
        import_entries(lines({**GOOD, "title": "again"}), center=center_a)
    assert exc.value.errors[0].line == 1
    assert Entry.objects.count() == 1


def test_cli_imports_then_searches_public_entries_by_external_id(tmp_path, center_a, capsys):
    private = {**GOOD, "id": "ar-private", "visibility": "center"}
    path = tmp_path / "entries.jsonl"
    path.write_text("\n".join(lines(GOOD, private)), encoding="utf-8")
    main(["import", "knowledge", str(path), "--center", "amal-hub"])
    capsys.readouterr()
    main(["search", "التعاونيات النسائية", "--json", "--limit", "10"])
    hits = json.loads(capsys.readouterr().out)
    assert [h["id"] for h in hits] == ["ar-1"]
    assert hits[0]["score"] > 0


def test_cli_search_as_a_member_finds_center_entries(tmp_path, center_a, staff_a, capsys):
    path = tmp_path / "entries.jsonl"
    path.write_text(json.dumps({**GOOD, "visibility": "center"}), encoding="utf-8")
    main(["import", "knowledge", str(path)])
    main(["search", "تعاونية", "--json"])
    assert capsys.readouterr().out.strip().splitlines()[-1] == "[]"
    main(["search", "تعاونية", "--json", "--as", staff_a.username])
    assert [h["id"] for h in json.loads(capsys.readouterr().out)] == ["ar-1"]


def test_cli_import_reports_bad_lines_and_exits_with_an_error(tmp_path, center_a, capsys):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(GOOD) + "\n{oops\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["import", "knowledge", str(path)])
    assert "nothing imported" in str(exc.value.code)
    assert f"{path}:line 2: not valid JSON" in capsys.readouterr().err
    assert not Entry.objects.exists()


def test_reindex_rebuilds_the_index_from_the_records(tmp_path, center_a, venture_a, capsys):
    import_entries(lines(GOOD), center=center_a)
    SearchDocument.objects.all().delete()
    main(["reindex"])
    counts = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert counts["entry"] == 1 and counts["venture"] == 1
    main(["search", "تعاونية", "--json"])
    assert [h["id"] for h in json.loads(capsys.readouterr().out)] == ["ar-1"]


def test_another_app_can_add_its_own_import_subcommand():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    import_parser = sub.choices["import"]
    import_parser.markaz_subcommands.add_parser("example-kind")
    args = parser.parse_args(["import", "knowledge", "f.jsonl"])
    assert args.file == "f.jsonl"


# Values a file might hold where a field's string, list or number is expected.
_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.lists(st.one_of(st.integers(-5, 40), st.text(max_size=8)), max_size=4),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
_rows = st.one_of(
    st.fixed_dictionaries({}, optional=dict.fromkeys(GOOD, _values)).map(lambda r: {**GOOD, **r}),
    st.dictionaries(st.sampled_from([*GOOD, "extra"]), _values, max_size=9),
    st.text(max_size=30),  # not JSON, or JSON that is not an object
)


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(rows=st.lists(_rows, min_size=1, max_size=5))
def test_generated_files_import_whole_or_fail_with_line_errors_and_write_nothing(center_a, rows):
    before = (Entry.objects.count(), EntryVersion.objects.count(), SearchDocument.objects.count())
    text = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
    text = [t.replace("\n", " ") for t in text]
    try:
        with transaction.atomic():
            entries = import_entries(text, center=center_a)
            imported = len(entries)
            transaction.set_rollback(True)  # the next example starts from the same data
    except ImportFailed as failed:
        assert failed.errors, "a refusal names its lines"
        assert all(1 <= e.line <= len(text) for e in failed.errors)
        after = (
            Entry.objects.count(),
            EntryVersion.objects.count(),
            SearchDocument.objects.count(),
        )
        assert after == before
    else:
        assert imported == sum(1 for t in text if t.strip())
