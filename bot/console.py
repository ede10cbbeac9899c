"""The `srm` console entry point: Ctrl-C while the command line itself is being imported ends in
one line, like Ctrl-C anywhere else, instead of an import traceback."""

from __future__ import annotations

import os
import sys


def run() -> None:
    try:
        from bot.cli import run as cli_run
    except KeyboardInterrupt:
        sys.stderr.write("srm: interrupted\n")
        sys.stderr.flush()
        os._exit(130)
    cli_run()
