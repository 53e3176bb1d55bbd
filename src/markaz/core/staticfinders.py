"""Serve single JavaScript files that Python packages ship (plotly's bundle) as static files.

Django's directory finders would expose a whole package folder (plotly's holds datasets and a
5 MB widget bundle too); this finder maps exact static paths to exact files, so
`collectstatic` copies only what the pages use and nothing third-party is committed.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

# static path -> (package, file inside the package)
PACKAGE_FILES = {
    "vendor/plotly.min.js": ("plotly", "package_data/plotly.min.js"),
}


def _resolve(static_path: str) -> Path | None:
    package, inner = PACKAGE_FILES[static_path]
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / inner
    return path if path.is_file() else None


class PackageFileFinder(BaseFinder):
    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        found = _resolve(path) if path in PACKAGE_FILES else None
        if found is None:
            return [] if find_all else None
        return [str(found)] if find_all else str(found)

    def list(self, ignore_patterns):
        for static_path in PACKAGE_FILES:
            found = _resolve(static_path)
            if found is not None:
                storage = FileSystemStorage(location=str(found.parent))
                storage.prefix = str(Path(static_path).parent)
                yield found.name, storage
