"""Structural rule: views and API handlers read tenant data only through selectors."""

import ast
from pathlib import Path

import markaz

PACKAGE = Path(markaz.__file__).parent
# Every module that serves a request: views.py and views_*.py, api.py, feeds, graph views.
CHECKED = ("views.py", "views_*.py", "*_view.py", "api.py", "feeds.py")


def _violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in {"objects", "_default_manager"}:
            found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} uses .{node.attr}")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"get_object_or_404", "get_list_or_404"}
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id[:1].isupper()
        ):
            found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} fetches a model directly")
    return found


def test_no_view_or_api_handler_fetches_models_around_the_permission_layer():
    files = [
        p
        for name in CHECKED
        for p in PACKAGE.rglob(name)
        if "migrations" not in p.parts and "tests" not in p.parts
    ]
    assert files, "the lint found no views or API modules to check"
    violations = [v for path in files for v in _violations(path)]
    assert violations == [], "Use the app's selectors instead:\n" + "\n".join(violations)


def test_the_lint_catches_a_raw_fetch(tmp_path):
    bad = PACKAGE / "__lint_probe_views.py"
    try:
        bad.write_text(
            "from x import Venture\n\ndef v(r, pk):\n    return Venture.objects.get(pk=pk)\n"
        )
        assert _violations(bad) == ["__lint_probe_views.py:4 uses .objects"]
    finally:
        bad.unlink()
