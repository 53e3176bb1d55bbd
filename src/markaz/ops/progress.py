"""Progress reporting for long operations: a rich progress bar on the command line, nothing
in tests. Operations take a `Meter` and never import rich themselves."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any


class Meter:
    """Silent: tasks are counted but not shown."""

    def task(self, label: str, total: float | None = None) -> Any:
        return label

    def advance(self, task: Any, amount: float = 1) -> None:
        pass

    def update(self, task: Any, *, completed: float, total: float | None = None) -> None:
        pass

    def done(self, task: Any) -> None:
        pass


class RichMeter(Meter):
    """Bars on stderr (stdout stays for results)."""

    def __init__(self, progress) -> None:
        self.progress = progress

    def task(self, label: str, total: float | None = None) -> Any:
        return self.progress.add_task(label, total=total)

    def advance(self, task: Any, amount: float = 1) -> None:
        self.progress.advance(task, amount)

    def update(self, task: Any, *, completed: float, total: float | None = None) -> None:
        if total is not None:
            self.progress.update(task, total=total)
        self.progress.update(task, completed=completed)

    def done(self, task: Any) -> None:
        total = self.progress.tasks[task].total
        if total is None:
            self.progress.update(task, total=1, completed=1)
        else:
            self.progress.update(task, completed=total)


@contextmanager
def rich_meter():
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn()]  # fmt: skip
    with Progress(*columns, console=Console(stderr=True), transient=False) as progress:
        yield RichMeter(progress)
