"""A progress bar on stderr for long report steps, only when stderr is a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# Below this many steps a bar would only flicker.
SHOW_FROM = 5000


@contextmanager
def terminal_progress() -> Iterator[Callable[[str, int], Callable[[], None]]]:
    if not sys.stderr.isatty():
        yield lambda _what, _total: lambda: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:

        def start(what: str, total: int) -> Callable[[], None]:
            if total < SHOW_FROM:
                return lambda: None
            task = bar.add_task(what, total=total)
            return lambda: bar.advance(task)

        yield start
