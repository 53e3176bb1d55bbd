"""Every schema name in the API contract stands for one schema.

django-ninja files each operation's models under their class name in
`components/schemas`; two apps with a `FeedbackOut` each would silently share one entry, and
clients (and the published contract) would see the wrong fields for one of them."""

from collections import defaultdict

REF = "#/components/schemas/{model}"


def _named_definitions() -> dict[str, dict[str, set[str]]]:
    """name -> {definition as JSON -> operations that use it}."""
    import json

    from markaz.api import api

    seen: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for op in path_view.operations:
                models = [*op.models, *(m for m in op.response_models.values() if m)]
                for model in models:
                    if not hasattr(model, "model_json_schema"):
                        continue
                    schema = model.model_json_schema(ref_template=REF)
                    for name, definition in schema.get("$defs", {}).items():
                        text = json.dumps(definition, sort_keys=True, default=str)
                        seen[name][text].add(op.operation_id)
    return seen


def test_no_two_schemas_share_a_name_in_the_contract():
    clashes = {
        name: sorted(next(iter(ops)) for ops in variants.values())
        for name, variants in _named_definitions().items()
        if len(variants) > 1
    }
    assert clashes == {}, "rename one of each pair (e.g. prefix the app): " + repr(clashes)
