"""The one validator of application answers, driven by the call's field definitions.

Pages (through `forms.AnswersForm`) and the API both call `validate_answers`, so a rule holds
wherever the answer comes from. Definitions are duck-typed (`FormField` rows or any object with
the same attributes), which keeps this module free of queries and easy to test.

Values are stored as JSON: text as str, numbers as str (exact decimals), dates as ISO
`YYYY-MM-DD`, multiple choice as a list of str. File fields are answered by attachments; the
caller passes the keys that have one in `files`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

SHORT_TEXT_MAX = 300
LONG_TEXT_MAX_CHARS = 20_000
WORD = re.compile(r"\S+")


def word_count(text: str) -> int:
    return len(WORD.findall(text or ""))


def _blank(value) -> bool:
    return (
        value is None
        or value == ""
        or value == []
        or (isinstance(value, str) and not value.strip())
    )


def _choice_values(field) -> list[str]:
    return [str(c.get("value")) for c in (field.choices or [])]


def _text(field, value) -> str:
    if not isinstance(value, str):
        raise ValidationError(_("Enter text."))
    value = value.strip()
    if field.kind == "short_text":
        if "\n" in value:
            raise ValidationError(_("Enter a single line."))
        if len(value) > SHORT_TEXT_MAX:
            raise ValidationError(
                _("Keep it under %(max)d characters (it has %(n)d).")
                % {"max": SHORT_TEXT_MAX, "n": len(value)}
            )
    else:
        if len(value) > LONG_TEXT_MAX_CHARS:
            raise ValidationError(_("The text is too long."))
        if field.max_words:
            n = word_count(value)
            if n > field.max_words:
                raise ValidationError(
                    ngettext(
                        "Use at most %(max)d word (this has %(n)d).",
                        "Use at most %(max)d words (this has %(n)d).",
                        field.max_words,
                    )
                    % {"max": field.max_words, "n": n}
                )
    return value


def _number(field, value) -> str:
    if isinstance(value, bool):
        raise ValidationError(_("Enter a number."))
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("Enter a number.")) from None
    if not number.is_finite():
        raise ValidationError(_("Enter a number."))
    low = None if field.min_value is None else Decimal(str(field.min_value))
    high = None if field.max_value is None else Decimal(str(field.max_value))
    if low is not None and number < low:
        raise ValidationError(_("Enter a number of at least %(min)s.") % {"min": _plain(low)})
    if high is not None and number > high:
        raise ValidationError(_("Enter a number of at most %(max)s.") % {"max": _plain(high)})
    return _plain(number)


def _plain(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text


def _single(field, value) -> str:
    if not isinstance(value, str) or value not in _choice_values(field):
        raise ValidationError(_("Choose one of the options."))
    return value


def _multiple(field, value) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("Choose from the options."))
    allowed = _choice_values(field)
    unknown = [v for v in value if v not in allowed]
    if unknown:
        raise ValidationError(_("Choose from the options."))
    return [v for v in allowed if v in set(value)]  # the definition's order, no repeats


def _date(field, value) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise ValidationError(_("Enter a date as YYYY-MM-DD.")) from None


def _url(field, value) -> str:
    if not isinstance(value, str):
        raise ValidationError(_("Enter a web address."))
    value = value.strip()
    if "://" not in value:
        value = "https://" + value
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValidationError(_("Enter a web address.")) from None
    return value


def _email(field, value) -> str:
    if not isinstance(value, str):
        raise ValidationError(_("Enter an email address."))
    value = value.strip()
    try:
        EmailValidator()(value)
    except ValidationError:
        raise ValidationError(_("Enter an email address.")) from None
    return value


CLEANERS = {
    "short_text": _text,
    "long_text": _text,
    "number": _number,
    "single_choice": _single,
    "multiple_choice": _multiple,
    "date": _date,
    "url": _url,
    "email": _email,
}


def clean_value(field, value):
    """One answer, cleaned; raises ValidationError with a message for the person."""
    return CLEANERS[field.kind](field, value)


def validate_answers(
    fields: Iterable,
    answers: dict,
    *,
    files: Iterable[str] = (),
    complete: bool,
) -> tuple[dict, dict[str, list[str]]]:
    """Clean `answers` against `fields`: (cleaned answers, errors by field key).

    `complete=False` (saving a draft) checks what is given and forgives what is missing;
    `complete=True` (submitting) also requires every required field. Unknown keys are dropped.
    """
    answers = answers or {}
    has_file = set(files)
    cleaned: dict = {}
    errors: dict[str, list[str]] = {}
    for field in fields:
        if field.kind == "file":
            if complete and field.required and field.key not in has_file:
                errors[field.key] = [_("Attach a file.")]
            continue
        value = answers.get(field.key)
        if _blank(value):
            if complete and field.required:
                errors[field.key] = [_("This field is required.")]
            continue
        try:
            cleaned[field.key] = clean_value(field, value)
        except ValidationError as exc:
            errors[field.key] = [str(m) for m in exc.messages]
    return cleaned, errors


def display_value(field, value, lang: str | None = None) -> str:
    """An answer as text for a person (choice labels in the reader's language)."""
    from markaz.core.i18n import pick

    if value is None or value == "":
        return ""
    if field.kind in ("single_choice", "multiple_choice"):
        labels = {
            str(c.get("value")): pick(
                {"en": c.get("label_en", ""), "ar": c.get("label_ar", "")}, lang
            )
            or str(c.get("value"))
            for c in (field.choices or [])
        }
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(v, v) for v in values)
    return str(value)
