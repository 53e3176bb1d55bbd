"""The API contract is committed as docs/openapi.json; changing it must be deliberate.

After an intended change, regenerate the snapshot and commit it with the change:
    MARKAZ_UPDATE_SNAPSHOT=1 pytest src/markaz/core/tests/test_openapi_snapshot.py
"""

import difflib
import json
import os
from pathlib import Path

from django.utils import translation

import markaz

SNAPSHOT = Path(markaz.__file__).resolve().parents[2] / "docs" / "openapi.json"
REGENERATE = "MARKAZ_UPDATE_SNAPSHOT=1 pytest src/markaz/core/tests/test_openapi_snapshot.py"


def render(schema: dict) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def current_schema() -> str:
    from markaz.api import api

    with translation.override("en"):
        return render(api.get_openapi_schema())


def test_the_openapi_schema_matches_the_committed_snapshot():
    generated = current_schema()
    if os.environ.get("MARKAZ_UPDATE_SNAPSHOT") == "1":
        SNAPSHOT.write_text(generated, encoding="utf-8")
    committed = SNAPSHOT.read_text(encoding="utf-8") if SNAPSHOT.exists() else ""
    if generated != committed:
        diff = difflib.unified_diff(
            committed.splitlines(),
            generated.splitlines(),
            "docs/openapi.json (committed)",
            "generated",
            lineterm="",
        )
        shown = "\n".join(list(diff)[:80])
        raise AssertionError(
            "The API contract changed. If that is intended, regenerate the snapshot with\n"
            f"    {REGENERATE}\nand commit docs/openapi.json with the change.\n\n{shown}"
        )


def test_the_served_schema_is_the_snapshot(client, db):
    served = client.get("/api/v1/openapi.json")
    assert served.status_code == 200
    assert render(served.json()) == current_schema()


def test_the_snapshot_check_notices_a_changed_contract(monkeypatch):
    """Guard for the guard: a renamed operation is a mismatch."""
    from markaz.api import api

    original = api.get_openapi_schema

    def renamed(*args, **kwargs):
        schema = original(*args, **kwargs)
        schema["paths"]["/api/v1/me"]["get"]["operationId"] = "whoami"
        return schema

    monkeypatch.delenv("MARKAZ_UPDATE_SNAPSHOT", raising=False)
    monkeypatch.setattr(api, "get_openapi_schema", renamed)
    try:
        test_the_openapi_schema_matches_the_committed_snapshot()
    except AssertionError as exc:
        assert REGENERATE in str(exc)
        assert "whoami" in str(exc)
    else:
        raise AssertionError("a changed contract went unnoticed")
