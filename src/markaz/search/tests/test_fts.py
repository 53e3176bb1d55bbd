import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from markaz.search.analysis import Analyzer, AnalyzerConfig, analyze_query, hamza_variants
from markaz.search.evaluation import load_entries, load_queries, markaz_index
from markaz.search.fts import Document, FtsIndex, analyze_document, fts5_match
from markaz.search.ranking import FieldWeights, bm25_reference

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def doc(doc_id, title="", summary="", body="", **extra):
    return Document(id=doc_id, title=title, summary=summary, body=body, **extra)


@pytest.fixture
def index():
    idx = FtsIndex(sqlite3.connect(":memory:"))
    idx.add(
        [
            doc(
                "water",
                "حصاد مياه الأمطار في المدارس",
                "خزانات للمدارس الريفية",
                "جمعنا مياه الأمطار من أسطح المدارس وحسبنا الوفر.",
            ),
            doc(
                "bank",
                "بنك الطعام",
                "يجمع الفائض من الفنادق",
                "يوزع بنك الطعام الوجبات على الأسر المحتاجة كل ليلة.",
            ),
            doc(
                "apart",
                "الطعام في المخيمات",
                "تقرير عن البنك الدولي",
                "قدم البنك منحة لتوزيع الطعام.",
            ),
            doc(
                "tele",
                "Telemedicine for rural clinics",
                "Video consultations with specialists",
                "Doctors present cases to specialists; patients avoid travelling.",
                lang="en",
            ),
            doc(
                "edu",
                "Education in emergencies",
                "Teachers' guide",
                "Educational games for refugee children.",
                lang="en",
            ),
        ]
    )
    yield idx
    idx.close()


def ids(hits):
    return [h.id for h in hits]


def test_search_finds_morphological_and_vocalised_variants(index):
    assert ids(index.search("المَدَارِسُ")) == ["water"]
    assert ids(index.search("مطر")) == []  # broken plurals are out of a light stemmer's reach
    assert ids(index.search("للمدارس")) == ["water"]


def test_scores_are_positive_and_descending(index):
    hits = index.search("الطعام بنك")
    assert ids(hits) == ["bank", "apart"]
    assert hits[0].score > hits[1].score > 0


def test_phrase_matches_adjacent_words_only(index):
    assert ids(index.search('"بنك الطعام"')) == ["bank"]
    assert set(ids(index.search("بنك الطعام"))) == {"bank", "apart"}


def test_phrase_does_not_match_across_columns():
    idx = FtsIndex(sqlite3.connect(":memory:"))
    idx.add([doc("edge", title="تقرير البنك", summary="الطعام للجميع")])
    assert idx.search('"بنك الطعام"') == []
    assert ids(idx.search("بنك الطعام")) == ["edge"]


def test_prefix_query_matches_token_beginnings(index):
    assert ids(index.search("telemed*")) == ["tele"]
    assert ids(index.search("specialist*")) == ["tele"]


def test_prefix_reaches_words_whose_stem_is_shorter_than_the_prefix(index):
    # "education" is indexed as "educ"; the vocabulary of surface forms bridges the gap.
    assert not "educ".startswith(analyze_query("educat*").clauses[0].terms[0].token)
    assert set(ids(index.search("educat*"))) == {"edu"}


def test_as_you_type_finds_partial_arabic_words(index):
    assert ids(index.search("حصاد الم", as_you_type=True))[0] == "water"
    assert ids(index.search("الفناد", as_you_type=True)) == ["bank"]


def test_filter_ids_restricts_results_and_empty_filter_returns_nothing(index):
    assert ids(index.search("الطعام", filter_ids=["apart", "water"])) == ["apart"]
    assert index.search("الطعام", filter_ids=[]) == []


def test_empty_or_stop_word_query_returns_nothing(index):
    assert index.search("") == []
    assert index.search("في من the") == []
    assert index.search("الطعام", limit=0) == []


def test_delete_removes_documents_and_ignores_unknown_ids(index):
    assert index.delete(["bank", "nope"]) == 1
    assert ids(index.search("الفنادق")) == []
    assert len(index) == 4


def test_adding_an_existing_id_replaces_the_document(index):
    index.add([doc("bank", "مطبخ مجتمعي", "وجبات ساخنة", "تطبخ النساء للجيران.")])
    assert ids(index.search("الفنادق")) == []
    assert ids(index.search("مطبخ")) == ["bank"]
    assert len(index) == 5


def test_snippet_marks_matches_in_original_text_and_escapes_html():
    idx = FtsIndex(sqlite3.connect(":memory:"))
    body = 'قالت المعلمة: "نحن نحب <المدرسة> & الأطفال" ثم عادت إلى صفها.'
    idx.add([doc("s", title="زيارة", summary="يوم مفتوح", body=body)])
    (hit,) = idx.search("مَدْرَسَة")
    assert "&lt;<mark>المدرسة</mark>&gt; &amp;" in hit.snippet
    assert "<المدرسة>" not in hit.snippet
    assert "&quot;" in hit.snippet


def test_snippet_keeps_diacritics_of_the_original_and_prefers_the_summary(index):
    idx = FtsIndex(sqlite3.connect(":memory:"))
    idx.add([doc("v", "عنوان", "تَعْلِيمُ الأطفالِ في المخيمات", "التعليم حق لكل طفل.")])
    (hit,) = idx.search("التعليم")
    assert hit.snippet == "<mark>تَعْلِيمُ</mark> الأطفالِ في المخيمات"


def test_snippet_windows_long_bodies_around_the_first_match():
    idx = FtsIndex(sqlite3.connect(":memory:"))
    body = "كلمة " * 200 + "التناضح العكسي " + "نص " * 200
    idx.add([doc("long", "وحدة تحلية", "قرية ساحلية", body)])
    (hit,) = idx.search("التناضح")
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert "<mark>التناضح</mark>" in hit.snippet
    assert len(hit.snippet) < 300


def test_title_only_match_shows_the_start_of_the_summary_unmarked(index):
    (hit,) = index.search("emergencies")
    assert hit.snippet == "Teachers&#x27; guide"


def test_title_outranks_body_for_the_same_word():
    idx = FtsIndex(sqlite3.connect(":memory:"))
    idx.add([doc("b", "أخرى", "شيء", "المياه"), doc("t", "المياه", "شيء", "أخرى")])
    assert ids(idx.search("مياه")) == ["t", "b"]
    flat = FtsIndex(sqlite3.connect(":memory:"), weights=FieldWeights(1, 1, 1))
    flat.add([doc("b", "أخرى", "شيء", "المياه"), doc("t", "المياه", "شيء", "أخرى")])
    assert flat.search("مياه")[0].score == flat.search("مياه")[1].score


def test_ties_go_to_quality_then_recency_then_id():
    idx = FtsIndex(sqlite3.connect(":memory:"))
    same = {"title": "الطاقة الشمسية", "summary": "ألواح", "body": "تركيب"}
    idx.add(
        [
            doc("c", **same, quality=0.5, updated_at=NOW),
            doc("a", **same, quality=0.5, updated_at=NOW),
            doc("old", **same, quality=0.5, updated_at=NOW - timedelta(days=30)),
            doc("none", **same, quality=0.5),
            doc("best", **same, quality=0.9, updated_at=NOW - timedelta(days=900)),
        ]
    )
    assert ids(idx.search("الشمسية")) == ["best", "a", "c", "old", "none"]


def test_opening_an_index_with_another_analyzer_is_refused(tmp_path):
    path = tmp_path / "search.db"
    FtsIndex(path).close()
    with pytest.raises(ValueError, match="rebuild"):
        FtsIndex(path, analyzer=Analyzer(AnalyzerConfig(arabic_stemmer="snowball")))
    FtsIndex(path).close()  # the same analyzer reopens it


def test_table_name_must_be_a_plain_identifier():
    with pytest.raises(ValueError, match="identifier"):
        FtsIndex(sqlite3.connect(":memory:"), name="x; DROP TABLE y")


def test_field_weights_must_be_finite_and_not_negative():
    with pytest.raises(ValueError, match="weights"):
        FieldWeights(-1, 1, 1)
    with pytest.raises(ValueError, match="weights"):
        FieldWeights(float("nan"), 1, 1)


def test_match_expression_quotes_tokens_and_groups_prefix_expansions():
    query = analyze_query('"solar pumps" telemed*')
    assert fts5_match(query) == '"solar pump" OR "telem"*'


def test_document_from_mapping_parses_timestamps_and_lists():
    d = Document.from_mapping(
        {
            "id": 7,
            "title": "t",
            "sdgs": [6, 13],
            "tags": ["a"],
            "updated_at": "2025-01-02T03:04:05+00:00",
        }
    )
    assert (d.id, d.sdgs, d.tags, d.updated_at.year) == ("7", (6, 13), ("a",), 2025)


@pytest.fixture(scope="module")
def eval_index():
    idx = markaz_index()
    yield idx
    idx.close()


def test_unicode61_resplits_stored_tokens_exactly_as_the_analyzer_made_them(eval_index):
    conn = eval_index.conn
    conn.execute("CREATE VIRTUAL TABLE temp.inst USING fts5vocab(main, search_fts, 'instance')")
    stored: dict[int, list[tuple[int, int, str]]] = {}
    rows = conn.execute("SELECT doc, col, offset, term FROM temp.inst")
    for rowid, col, offset, term in rows:
        stored.setdefault(rowid, []).append((("title", "summary", "body").index(col), offset, term))
    by_id = dict(conn.execute("SELECT id, rowid FROM search_doc"))
    for entry in load_entries():
        fields = analyze_document(entry).fields
        expected = [(c, i, t) for c, f in enumerate(fields.values()) for i, t in enumerate(f)]
        assert sorted(stored[by_id[entry.id]]) == sorted(expected), entry.id


def test_fts5_bm25_equals_the_reference_formula_on_every_eval_query(eval_index):
    docs = {e.id: analyze_document(e).fields for e in load_entries()}
    for q in load_queries():
        for typing in (False, True):
            prepared = eval_index.prepare(q.query, as_you_type=typing)
            hits = eval_index.search(prepared, limit=500)
            reference = bm25_reference(prepared, docs, eval_index.weights)
            assert {h.id: h.score for h in hits} == reference, (q.id, typing)


def test_hamza_variants_read_inner_ya_and_waw_as_dropped_seats():
    assert hamza_variants("لاجيين") == ["لاجءين", "لاجيءن"]
    assert hamza_variants("مسوول") == ["مسءول", "مسوءل"]
    assert hamza_variants("women") == []


def test_word_typed_without_its_hamza_seat_finds_the_seated_spelling():
    idx = FtsIndex(sqlite3.connect(":memory:"))
    idx.add([doc("r", "تعليم اللاجئين", "فصول مسائية", "مدارس الفترتين")])
    assert ids(idx.search("اللاجيين")) == ["r"]
    assert ids(idx.search("مسايية")) == ["r"]  # مسائية typed with a plain ي


def test_known_words_are_not_expanded_into_spelling_variants():
    idx = FtsIndex(sqlite3.connect(":memory:"))
    idx.add([doc("a", "بيوت محمية"), doc("b", "بءوت")])
    (clause,) = idx.prepare("بيوت").clauses
    assert clause.terms[0].expansions == ()
    assert ids(idx.search("بيوت")) == ["a"]


def test_spelling_variants_only_apply_when_seats_fold_to_hamza():
    letters = Analyzer(AnalyzerConfig(hamza_seats="letter"))
    idx = FtsIndex(sqlite3.connect(":memory:"), analyzer=letters)
    idx.add([doc("r", "تعليم اللاجئين")])
    (clause,) = idx.prepare("اللاجيين").clauses
    assert clause.terms[0].expansions == ()
    assert ids(idx.search("اللاجيين")) == ["r"]  # ئ and ي already fold together
