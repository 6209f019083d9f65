"""The console script's first step: a Ctrl-C that comes while the program is still loading its modules
(about half a second on a slow machine), or before the command has set its own signal handlers, ends
it with the one line a later Ctrl-C gives, not with a traceback from inside Python's import machinery."""

from __future__ import annotations

import os
import sys

from .errors import EXIT_INTERRUPTED  # a module of constants: loaded in no time, before any Ctrl-C can land

INTERRUPTED_WHILE_LOADING = "fic2audio: interrupted (SIGINT); nothing was written"


def main() -> None:
    try:
        from .cli import main as run_command

        run_command()  # which handles a Ctrl-C itself once its handlers are set, and exits at once
    except KeyboardInterrupt:
        sys.stderr.write(INTERRUPTED_WHILE_LOADING + "\n")
        sys.stderr.flush()
        # Not sys.exit: at-exit hooks of modules cut off halfway through loading may not be able to run.
        os._exit(EXIT_INTERRUPTED)
