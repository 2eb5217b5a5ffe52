"""Background threads of the editor (layout and analysis of large maps).

Such a thread runs pure Python and holds the interpreter lock most of the
time. The GUI thread gets the lock back only when the holder's switch interval
runs out, and it gives the lock up at every call into Qt, so with CPython's
default interval of 5 ms each of those calls could wait up to 5 ms: a frame of
a few hundred Qt calls took ten times as long while a layout ran. The first
background thread therefore shortens the interval to half a millisecond, for
the whole program, which costs the background work a few per cent.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable

#: Seconds a thread may hold the interpreter lock while another waits for it.
SWITCH_INTERVAL = 0.0005


def start_thread(target: Callable[..., None], *args: object, name: str) -> threading.Thread:
    """Start ``target(*args)`` on a daemon thread, the GUI thread kept responsive."""
    if sys.getswitchinterval() > SWITCH_INTERVAL:
        sys.setswitchinterval(SWITCH_INTERVAL)
    thread = threading.Thread(target=target, args=args, name=name, daemon=True)
    thread.start()
    return thread
