"""The processes ``dangjian serve`` starts beside the web server, and their orderly end.

Each child runs in a process group of its own, so stopping it reaches whatever it started in
turn, and asks the kernel to send it SIGTERM should ``serve`` itself die without cleaning up
(Linux's parent-death signal), so that no worker or scheduler outlives it.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import time
from dataclasses import dataclass

PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Runs in the child between fork and exec."""
    with contextlib.suppress(OSError):  # not Linux: the process group still gets the stop
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass
class Child:
    name: str  # Chinese, for messages
    process: subprocess.Popen[bytes]


class Children:
    """Started children; ``stop`` ends them all within a bounded time."""

    def __init__(self) -> None:
        self.running: list[Child] = []

    def start(self, name: str, argv: list[str]) -> Child:
        process = subprocess.Popen(argv, start_new_session=True, preexec_fn=_die_with_parent)
        child = Child(name=name, process=process)
        self.running.append(child)
        return child

    def exited(self) -> Child | None:
        """The first child that has ended, if any."""
        return next((c for c in self.running if c.process.poll() is not None), None)

    def stop(self, timeout: float) -> list[str]:
        """SIGTERM to every child's group, up to ``timeout`` seconds for them to finish their
        current job (Celery's warm shutdown), then SIGKILL to whatever is left. Returns the
        names of the children that had to be killed."""
        for child in self.running:
            _signal_group(child.process, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for child in self.running:
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.process.wait(max(0.0, deadline - time.monotonic()))
        killed = [c.name for c in self.running if c.process.poll() is None]
        for child in self.running:
            _signal_group(child.process, signal.SIGKILL)  # the group may outlive its leader
            child.process.wait()
        return killed


def _signal_group(process: subprocess.Popen[bytes], sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, sig)
