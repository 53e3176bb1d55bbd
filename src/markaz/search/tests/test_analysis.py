import unicodedata

import pytest

from markaz.search import stopwords
from markaz.search.analysis import (
    Analyzer,
    AnalyzerConfig,
    analyze,
    analyze_query,
    light10,
    normalize_arabic,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("كِتَابٌ", "كتاب"),  # harakat and tanween
        ("مُدَرِّسَةٌ", "مدرسه"),  # shadda, then ة → ه
        ("سُكُونْ", "سكون"),  # sukun
        ("أحمد", "احمد"),
        ("إسلام", "اسلام"),
        ("آمال", "امال"),
        ("ٱلرحمن", "الرحمن"),  # alef wasla
        ("الرحمٰن", "الرحمن"),  # dagger alef
        ("يَعْلَمُونَۗ", "يعلمون"),  # Quranic annotation mark U+06D7
        ("مستشفى", "مستشفي"),
        ("مدرسة", "مدرسه"),
        ("الإنـــذار", "الانذار"),  # tatweel
        ("٢٠٢٤", "2024"),  # Arabic-Indic digits
        ("۱۴۰۳", "1403"),  # Persian digits
        ("ﻻ", "لا"),  # lam-alef ligature
        ("ﻷطفال", "لاطفال"),  # lam-alef with hamza, re-folded after NFKC
        ("ﺍﻟﻤﺪﺭﺳﺔ", "المدرسه"),  # presentation forms
        ("کتاب فارسی", "كتاب فارسي"),  # Persian kaf and yeh
    ],
)
def test_normalization_folds_spelling_variants(raw, expected):
    assert normalize_arabic(raw) == expected


def test_nfkc_really_unfolds_every_lam_alef_ligature():
    ligatures = [chr(c) for c in range(0xFEF5, 0xFEFD)]
    assert all(unicodedata.normalize("NFKC", c) != c for c in ligatures)
    assert {normalize_arabic(c) for c in ligatures} == {"لا"}


def test_isolated_harakat_forms_do_not_split_a_word():
    # NFKC maps U+FE7C (isolated shadda) to "space + shadda"; it must vanish instead.
    assert normalize_arabic("مد\ufe7cرسة") == "مدرسه"


@pytest.mark.parametrize(
    ("seats", "expected"),
    [("hamza", {"مسءوليه"}), ("letter", {"مسووليه", "مسيوليه"}), ("keep", {"مسؤوليه", "مسئوليه"})],
)
def test_hamza_seats_folding_is_configurable(seats, expected):
    assert {normalize_arabic(w, hamza_seats=seats) for w in ("مسؤولية", "مسئولية")} == expected


@pytest.mark.parametrize(
    ("words", "stem"),
    [
        (["الكتاب", "والكتاب", "بالكتاب", "كالكتاب", "فالكتاب", "وكتاب", "كتابها"], "كتاب"),
        (["المدرسة", "للمدرسة", "بالمدرسة", "والمدرسة", "مدرسه"], "مدرس"),
        (["المعلمات", "المعلمون", "المعلمين", "معلماتها", "ومعلمين"], "معلم"),
        (["للمزارعين", "المزارعون", "والمزارعين", "مزارع"], "مزارع"),
        (["الطاقة", "بالطاقة", "الطاقه", "الطَّاقَةُ"], "طاق"),
        (["اللاجئين", "لاجئ", "واللاجئين"], "لاجء"),
    ],
)
def test_light10_conflates_prefixed_and_suffixed_forms(words, stem):
    assert {tuple(analyze(w)) for w in words} == {(stem,)}


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("وعد", "وعد"),  # و kept: the rest would be under three letters
        ("الف", "الف"),  # article kept: the rest would be a single letter
        ("الهم", "هم"),  # article removed: two letters remain
        ("فيها", "في"),
        ("به", "به"),  # suffix kept: one letter would remain
    ],
)
def test_light10_length_guards_follow_larkey(word, stem):
    assert light10(word) == stem


def test_snowball_arabic_meets_both_spellings_of_ta_marbuta():
    snowball = Analyzer(AnalyzerConfig(arabic_stemmer="snowball"))
    assert snowball.analyze("الطاقة") == snowball.analyze("الطاقه") == ["طاق"]


def test_snowball_arabic_keeps_wal_prefix_which_light10_removes():
    snowball = Analyzer(AnalyzerConfig(arabic_stemmer="snowball"))
    assert snowball.analyze("والجفاف") != snowball.analyze("الجفاف")
    assert analyze("والجفاف") == analyze("الجفاف")


def test_without_a_stemmer_words_stay_whole():
    plain = Analyzer(AnalyzerConfig(arabic_stemmer="none"))
    assert plain.analyze("المعلمات") == ["المعلمات"]


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Women's cooperatives", ["women", "cooper"]),
        ("children’s trainers trained", ["children", "trainer", "train"]),
        ("Café naïve", ["cafe", "naiv"]),
        ("The state of the art", ["state", "art"]),
    ],
)
def test_english_is_lowercased_stemmed_and_possessives_stripped(text, tokens):
    assert analyze(text) == tokens


def test_stop_words_are_dropped_in_both_languages_including_with_wa_prefix():
    assert analyze("في هذا المشروع وفي ذلك البرنامج") == ["مشروع", "برنامج"]
    assert analyze("إلى الى على علی") == []
    assert analyze("remote learning for the children") == ["remot", "learn", "children"]


def test_stop_word_lists_are_substantial():
    assert len(stopwords.ARABIC) >= 140
    assert len(stopwords.ENGLISH) >= 140


def test_remote_keeps_its_meaningful_word():
    assert analyze("التعليم عن بعد") == ["تعليم", "بعد"]


def test_mixed_arabic_english_text_picks_a_pipeline_per_token():
    text = "درّبنا 30 شاباً على Python وExcel في ٢٠٢٣م بالـGPS"
    assert analyze(text) == ["دربنا", "30", "شابا", "python", "excel", "2023", "gps"]


def test_hyphens_urls_and_emails_split_into_searchable_parts():
    text = "See https://www.unicef.org/jordan, write to info@amal-hub.org about off-grid e-waste."
    assert analyze(text) == [
        "see",
        "unicef",
        "org",
        "jordan",
        "write",
        "info",
        "amal",
        "hub",
        "org",
        "off",
        "grid",
        "e",
        "wast",
    ]


def test_token_offsets_point_back_to_the_original_text():
    text = "تَعْلِيمُ الأطفالِ women's"
    spans = [(t.text, text[t.start : t.end]) for t in Analyzer().tokens(text)]
    assert spans == [("تعليم", "تَعْلِيمُ"), ("اطفال", "الأطفالِ"), ("women", "women")]


def test_tokens_are_plain_letters_and_digits_so_any_tokenizer_agrees():
    text = "كِتَابٌ ﻻجئ co₂ Ⅻ naïve ‎RTL‏ ـــ x_y ٣٫٥"
    for token in analyze(text):
        assert token.isalnum(), token


def test_empty_and_punctuation_only_text_has_no_tokens():
    assert analyze("") == []
    assert analyze(" ، ؛ ؟ ... — ") == []


def test_query_is_analyzed_like_documents():
    query = analyze_query("الطَّاقَةُ الشمسية")
    assert [c.terms[0].token for c in query.clauses] == analyze("الطاقة الشمسيه")


def test_quoted_text_is_one_phrase_clause():
    query = analyze_query('"بنك الطعام" تطوع')
    assert [[t.token for t in c.terms] for c in query.clauses] == [["بنك", "طعام"], ["تطوع"]]
    assert query.clauses[0].is_phrase


def test_arabic_quotation_marks_also_make_phrases():
    assert analyze_query("«الطاقة الشمسية»").clauses[0].is_phrase


def test_star_makes_a_prefix_term_that_keeps_stop_words():
    query = analyze_query("telemed* في*")
    terms = [c.terms[0] for c in query.clauses]
    assert [(t.token, t.prefix, t.surface) for t in terms] == [
        ("telem", True, "telemed"),
        ("في", True, "في"),
    ]


def test_single_letter_prefix_is_ignored():
    assert not analyze_query("a*")


def test_as_you_type_treats_only_the_unfinished_last_word_as_prefix():
    typing = analyze_query("تعليم اللاج", as_you_type=True)
    assert [(c.terms[0].token, c.terms[0].prefix) for c in typing.clauses] == [
        ("تعليم", False),
        ("لاج", True),
    ]
    finished = analyze_query("تعليم اللاج ", as_you_type=True)
    assert not any(c.terms[0].prefix for c in finished.clauses)


def test_as_you_type_inside_an_open_quote_prefixes_the_phrase_end():
    query = analyze_query('"community health work', as_you_type=True)
    (clause,) = query.clauses
    assert [(t.token, t.prefix) for t in clause.terms] == [
        ("communiti", False),
        ("health", False),
        ("work", True),
    ]


def test_starred_closed_phrase_prefixes_its_last_word():
    (clause,) = analyze_query('"solar pum"*').clauses
    assert [(t.token, t.prefix) for t in clause.terms] == [("solar", False), ("pum", True)]


def test_query_of_only_stop_words_is_empty():
    assert not analyze_query("في من the of")


def test_very_long_queries_are_capped():
    words = " ".join(f"كلمة{i}" for i in range(100))
    assert len(analyze_query(words).clauses) == 32
    (phrase,) = analyze_query(f'"{words}"').clauses
    assert len(phrase.terms) == 16
