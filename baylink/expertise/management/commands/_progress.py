"""A tqdm progress bar per indexing stage, on the command's error stream (stdout stays clean)."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from django.utils.translation import gettext as _
from tqdm import tqdm

from baylink.expertise.engine import Progress


def progress_bars(stream: TextIO, *, enabled: bool = True) -> Progress:
    labels = {
        "analyse": _("Analysing text"),
        "encode": _("Encoding passages"),
        "words": _("Encoding words"),
    }

    @contextmanager
    def bars(stage: str, total: int) -> Iterator[Callable[[int], None]]:
        with tqdm(
            total=total,
            desc=labels.get(stage, stage),
            unit="doc" if stage != "words" else "word",
            file=stream,
            disable=not enabled or total == 0,
            dynamic_ncols=True,
        ) as bar:

            def advance(count: int) -> None:
                bar.update(count)

            yield advance

    progress: Progress = bars
    return progress
