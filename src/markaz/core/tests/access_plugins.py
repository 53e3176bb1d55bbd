"""Collects what each capability app adds to the two access matrices.

An app's `markaz/<app>/tests/access.py` may define (all optional):

- `PAGE_PK_PREFIXES`: [(url-name prefix, key in objects_b)] for `<int:pk>` pages;
- `PAGE_OBJECT_FOR`: {url kwarg: key} for other object kwargs of its pages;
- `API_OBJECT_FOR`: {path parameter: key} for its API operations;
- `objects_b(center_b, objects) -> dict`: center B's objects it needs (given the core ones);
- `api_body(operation_id, objects) -> dict`: fields that make its own writes valid (asked only
  for the operations its `api.py` defines, so one app's fields never reach another's);
- `state_of_b(center_b) -> dict`: a snapshot of B's rows that no persona of A may change.
"""

from __future__ import annotations

from markaz.core.plugins import app_modules


def _modules():
    return app_modules("tests.access")


def plugin_page_pk_prefixes() -> list[tuple[str, str]]:
    return [pair for m in _modules() for pair in getattr(m, "PAGE_PK_PREFIXES", ())]


def plugin_page_object_for() -> dict[str, str]:
    return {k: v for m in _modules() for k, v in getattr(m, "PAGE_OBJECT_FOR", {}).items()}


def plugin_api_object_for() -> dict[str, str]:
    return {k: v for m in _modules() for k, v in getattr(m, "API_OBJECT_FOR", {}).items()}


def plugin_objects_b(center_b, objects: dict) -> dict:
    for m in _modules():
        if hasattr(m, "objects_b"):
            objects = {**objects, **m.objects_b(center_b, objects)}
    return objects


def operation_owners() -> dict[str, str]:
    """operationId -> the app whose `api.py` defines it (e.g. "markaz.events")."""
    from markaz.api import api

    return {
        op.operation_id: op.view_func.__module__.rsplit(".", 1)[0]
        for _prefix, router in api._routers
        for path_view in router.path_operations.values()
        for op in path_view.operations
    }


def plugin_api_body(operation: str, objects: dict, owner: str) -> dict:
    """The owning app's fields for one of its operations (empty for the others)."""
    for m in _modules():
        if m.__name__ == f"{owner}.tests.access" and hasattr(m, "api_body"):
            return m.api_body(operation, objects)
    return {}


def plugin_state_of_b(center_b) -> dict:
    state: dict = {}
    for m in _modules():
        if hasattr(m, "state_of_b"):
            state.update(m.state_of_b(center_b))
    return state
