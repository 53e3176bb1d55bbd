"""Migration 0004: a center's single `city` moves into `city_en`, and back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("core", "0003_audit_seal")]
AFTER = [("core", "0004_center_city_bilingual")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_city_moves_into_city_en_and_back():
    old = _migrate(BEFORE)
    try:
        Center = old.get_model("core", "Center")
        common = {"country": "JO", "region": "mena", "kind": "non_profit"}
        Center.objects.create(slug="with-city", name_en="With", city="Amman", **common)
        Center.objects.create(slug="no-city", name_en="Without", city="", **common)

        new = _migrate(AFTER)
        Center = new.get_model("core", "Center")
        rows = dict(Center.objects.values_list("slug", "city_en"))
        assert rows == {"with-city": "Amman", "no-city": ""}
        assert set(Center.objects.values_list("city_ar", flat=True)) == {""}
        Center.objects.filter(slug="no-city").update(city_ar="الزرقاء")

        old = _migrate(BEFORE)
        Center = old.get_model("core", "Center")
        rows = dict(Center.objects.values_list("slug", "city"))
        assert rows == {"with-city": "Amman", "no-city": "الزرقاء"}
    finally:
        _migrate(AFTER)
