"""A pause point for the crash tests: a worker process stops at a named place, so a
test can kill it there (SIGKILL) and prove nothing half-done is left behind.

Set only by tests, through an environment variable naming a file: the process writes
its pid into the file and waits until the test removes it (or kills the process).
Without the variable this returns at once."""

from __future__ import annotations

import os
import time
from pathlib import Path


def pause_if_asked(env_name: str) -> None:
    pause_file = os.environ.get(env_name)
    if not pause_file:
        return
    marker = Path(pause_file)
    marker.write_text(str(os.getpid()))
    while marker.exists():  # a test removes it, or kills this process here
        time.sleep(0.05)
