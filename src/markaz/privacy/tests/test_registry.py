"""The export/erasure registry accounts for every model that points at a person."""

from django.apps import apps
from django.contrib.auth import get_user_model

from markaz.privacy.registry import EXCLUDED, PARTS, covered


def _person_keys() -> set[str]:
    """ "app.Model.field" of every foreign key, one-to-one or many-to-many to a user or a
    person, on every installed model (auto-created through tables are their M2M's)."""
    from markaz.stakeholders.models import Person

    targets = {get_user_model(), Person}
    found = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not field.is_relation or field.auto_created or field.related_model not in targets:
                continue
            if field.many_to_one or field.one_to_one or field.many_to_many:
                found.add(f"{model._meta.label}.{field.name}")
    return found


def test_every_key_to_a_user_or_person_is_exported_or_excluded_with_a_reason():
    missing = sorted(_person_keys() - covered().keys())
    assert not missing, (
        "add these to a Part in markaz/privacy/registry.py (or to EXCLUDED with a reason): "
        + ", ".join(missing)
    )


def test_the_registry_names_only_fields_that_exist():
    stale = sorted(covered().keys() - _person_keys())
    assert not stale, f"no such foreign key any more: {stale}"


def test_every_part_says_what_erasure_does_and_every_exclusion_why():
    for part in PARTS:
        assert part.erase is not None or part.kept.strip(), part.key
        assert not (part.erase is not None and part.kept), part.key
    for key, reason in EXCLUDED.items():
        assert reason.strip(), key
    keys = [part.key for part in PARTS]
    assert len(keys) == len(set(keys))
