"""Registration questions: validate a registrant's answers against an event's questions.

Pure: questions are plain objects with `pk`, `kind`, `required`, `choices`; answers a mapping
keyed by the question's id (as a string, the way JSON keeps them). Returns the cleaned answers
or a dict of errors keyed `q<id>`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

MAX_TEXT = 2000
YES = {"yes", "true", "1", "on"}
NO = {"no", "false", "0", "off"}


def field_name(question) -> str:
    return f"q{question.pk}"


def clean_answers(questions: Iterable, answers: Mapping) -> tuple[dict[str, object], dict]:
    """(cleaned answers keyed by question id, errors keyed by `q<id>` → message key)."""
    cleaned: dict[str, object] = {}
    errors: dict[str, str] = {}
    answers = {str(k): v for k, v in (answers or {}).items()}
    known = set()
    for q in questions:
        key = str(q.pk)
        known.add(key)
        raw = answers.get(key)
        if isinstance(raw, str):
            raw = raw.strip()
        if raw in (None, "", []):
            if q.required:
                errors[field_name(q)] = "required"
            continue
        if q.kind == "text":
            if not isinstance(raw, str):
                errors[field_name(q)] = "text"
            elif len(raw) > MAX_TEXT:
                errors[field_name(q)] = "too_long"
            else:
                cleaned[key] = raw
        elif q.kind == "choice":
            if raw not in (q.choices or []):
                errors[field_name(q)] = "choice"
            else:
                cleaned[key] = raw
        elif q.kind == "yes_no":
            if isinstance(raw, bool):
                cleaned[key] = raw
            elif isinstance(raw, str) and raw.lower() in YES | NO:
                cleaned[key] = raw.lower() in YES
            else:
                errors[field_name(q)] = "yes_no"
    unknown = set(answers) - known
    if unknown:
        errors["answers"] = "unknown"
    return cleaned, errors
