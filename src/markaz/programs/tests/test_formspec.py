"""The one answer validator, type by type (no database: definitions are plain objects)."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from markaz.programs.formspec import display_value, validate_answers, word_count


def field(kind, key="q", **kw):
    base = {
        "key": key,
        "kind": kind,
        "required": False,
        "max_words": None,
        "min_value": None,
        "max_value": None,
        "choices": [],
    }
    return SimpleNamespace(**{**base, **kw})


CHOICES = [
    {"value": "water", "label_en": "Water", "label_ar": "المياه"},
    {"value": "energy", "label_en": "Energy", "label_ar": "الطاقة"},
    {"value": "food", "label_en": "Food", "label_ar": "الغذاء"},
]


def one(definition, value, *, complete=False, files=()):
    cleaned, errors = validate_answers(
        [definition], {definition.key: value}, complete=complete, files=files
    )
    return cleaned.get(definition.key), errors.get(definition.key)


def test_short_text_is_trimmed_and_kept_to_one_line():
    assert one(field("short_text"), "  Solar kiosks ") == ("Solar kiosks", None)
    assert one(field("short_text"), "two\nlines")[1] == ["Enter a single line."]
    assert "under 300 characters" in one(field("short_text"), "x" * 301)[1][0]


def test_long_text_counts_words_against_the_limit_in_any_script():
    f = field("long_text", max_words=3)
    assert one(f, "مياه نظيفة للجميع") == ("مياه نظيفة للجميع", None)
    value, errors = one(f, "clean water for every home")
    assert value is None
    assert errors == ["Use at most 3 words (this has 5)."]
    assert word_count("  a  b\nc ") == 3


def test_number_respects_its_bounds_and_keeps_exact_decimals():
    f = field("number", min_value=Decimal("100"), max_value=Decimal("50000"))
    assert one(f, "12000.50") == ("12000.5", None)
    assert one(f, 100) == ("100", None)
    assert one(f, "99.99")[1] == ["Enter a number of at least 100."]
    assert one(f, "50001")[1] == ["Enter a number of at most 50000."]
    assert one(f, "twelve")[1] == ["Enter a number."]
    assert one(f, "NaN")[1] == ["Enter a number."]
    assert one(f, True)[1] == ["Enter a number."]


def test_single_choice_accepts_only_a_listed_value():
    f = field("single_choice", choices=CHOICES)
    assert one(f, "water") == ("water", None)
    assert one(f, "Water")[1] == ["Choose one of the options."]
    assert one(f, ["water"])[1] == ["Choose one of the options."]


def test_multiple_choice_keeps_the_definition_order_without_repeats():
    f = field("multiple_choice", choices=CHOICES)
    assert one(f, ["food", "water", "food"]) == (["water", "food"], None)
    assert one(f, "energy") == (["energy"], None)
    assert one(f, ["water", "gold"])[1] == ["Choose from the options."]
    assert one(f, [1, 2])[1] == ["Choose from the options."]


def test_date_is_an_iso_calendar_date():
    f = field("date")
    assert one(f, "2026-02-28") == ("2026-02-28", None)
    assert one(f, "2026-02-30")[1] == ["Enter a date as YYYY-MM-DD."]
    assert one(f, "28/02/2026")[1] == ["Enter a date as YYYY-MM-DD."]


def test_url_without_a_scheme_means_https_and_other_schemes_are_refused():
    f = field("url")
    assert one(f, "kiosks.example.org") == ("https://kiosks.example.org", None)
    assert one(f, "http://kiosks.example.org/a") == ("http://kiosks.example.org/a", None)
    assert one(f, "javascript:alert(1)")[1] == ["Enter a web address."]
    assert one(f, "not a url")[1] == ["Enter a web address."]


def test_email_must_be_an_address():
    f = field("email")
    assert one(f, " team@example.org ") == ("team@example.org", None)
    assert one(f, "team@")[1] == ["Enter an email address."]


def test_file_questions_are_answered_by_attachments():
    f = field("file", required=True)
    assert one(f, None, complete=True)[1] == ["Attach a file."]
    assert one(f, None, complete=True, files={"q"})[1] is None
    assert one(f, None, complete=False)[1] is None


def test_drafts_forgive_missing_required_answers_but_submission_does_not():
    f = field("short_text", required=True)
    assert one(f, "", complete=False) == (None, None)
    assert one(f, "   ", complete=True)[1] == ["This field is required."]


def test_a_draft_still_refuses_a_badly_typed_answer():
    assert one(field("email"), "nope", complete=False)[1] == ["Enter an email address."]


def test_unknown_keys_are_dropped():
    cleaned, errors = validate_answers(
        [field("short_text", key="a")], {"a": "x", "evil": "y"}, complete=True
    )
    assert cleaned == {"a": "x"}
    assert errors == {}


def test_choice_answers_display_in_the_readers_language():
    f = field("multiple_choice", choices=CHOICES)
    assert display_value(f, ["water", "food"], "en") == "Water, Food"
    assert display_value(f, ["water", "food"], "ar") == "المياه, الغذاء"


def test_messages_are_translated_to_arabic():
    from django.utils import translation

    with translation.override("ar"):
        _, errors = one(field("email"), "nope")
    assert errors and errors[0] != "Enter an email address."


@pytest.mark.parametrize(
    "kind,value",
    [("short_text", 5), ("long_text", ["x"]), ("url", 7), ("email", {"a": 1})],
)
def test_wrong_json_types_are_refused_not_crashing(kind, value):
    assert one(field(kind), value)[1]
