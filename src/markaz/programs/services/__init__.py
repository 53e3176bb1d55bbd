"""Writes of programs: one transaction, one permission check and one audit entry each; email only
on commit. Split by what is written:

- `calls`: programs, calls and their phases, the form builder (sections and questions);
- `applications`: drafts, files, submission and withdrawal, decisions and cohorts.

Callers import this package (`from markaz.programs import services`); the names below are its API.
"""

from markaz.programs.services.applications import (
    DEFAULT_MESSAGES,
    add_attachment,
    check_deadline,
    decide_application,
    decision_messages,
    freeze,
    remove_attachment,
    save_draft,
    start_application,
    submit_application,
    withdraw_application,
)
from markaz.programs.services.calls import (
    add_form_field,
    add_section,
    allowed_phases,
    change_call_phase,
    create_call,
    create_program,
    delete_form_field,
    update_call,
    update_form_field,
    update_program,
)

__all__ = [
    "DEFAULT_MESSAGES",
    "add_attachment",
    "add_form_field",
    "add_section",
    "allowed_phases",
    "change_call_phase",
    "check_deadline",
    "create_call",
    "create_program",
    "decide_application",
    "decision_messages",
    "delete_form_field",
    "freeze",
    "remove_attachment",
    "save_draft",
    "start_application",
    "submit_application",
    "update_call",
    "update_form_field",
    "update_program",
    "withdraw_application",
]
