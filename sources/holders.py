"""Who holds a processing lease, and whether that process is known to be dead.

A lease lapses on its own within ``FACTCHECK_PROCESSING_LEASE_SECONDS`` of its worker's
death. When the dead worker ran on this machine, there is no need to wait: a holder is
named by its kernel (the boot and the PID namespace) and its pid, and a process that
shares both can look the pid up. A pool child killed mid-article is then taken over by
the very redelivery of its message, and a worker restarted after a crash has its old
articles back at the next sweep.

Only "dead for sure" counts: a holder under another kernel, in another PID namespace
(another container) or with an unreadable identity is left to its lease. A reused pid
reads as alive, which only means waiting for the lease. Taking over a live holder by
mistake would still record the article once (its writes name its lease token), but
would waste its work.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path


@cache
def _kernel() -> str:
    """This boot of this kernel and this PID namespace; '' where /proc cannot tell."""
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
        namespace = os.readlink("/proc/self/ns/pid")
    except OSError:
        return ""
    return f"{boot}/{namespace}"


def this_process() -> str:
    """The holder name of the calling process ('' where it cannot be told)."""
    kernel = _kernel()
    return f"{kernel}:{os.getpid()}" if kernel else ""


def is_dead(holder: str) -> bool:
    """True when ``holder`` ran in this kernel and PID namespace and is gone (or a zombie)."""
    kernel, _, pid = holder.rpartition(":")
    if not kernel or kernel != _kernel() or not pid.isdigit():
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    # A killed process its parent has not reaped yet is a zombie: dead all the same.
    return stat[stat.rindex(")") + 2 :].startswith("Z")
