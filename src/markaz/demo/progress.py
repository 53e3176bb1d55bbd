"""A rich progress bar on stderr, or nothing at all when progress is off."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol


class Advance(Protocol):
    def __call__(self, label: str, advance: int = 1) -> None: ...


@contextmanager
def progress_bar(enabled: bool, *, total: int, title: str) -> Iterator[Advance]:
    if not enabled:
        yield lambda label, advance=1: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True)) as bar:
        task = bar.add_task(title, total=total)

        def advance(label: str, advance: int = 1) -> None:
            bar.update(task, advance=advance, description=f"{title}: {label}")

        yield advance
        bar.update(task, description=f"{title}: done")
