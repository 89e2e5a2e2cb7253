"""A server process's heap after start-up: kept out of the garbage collector's way.

Everything alive once a server is built (modules, settings, pydantic schemas, the apps and
their listeners) lives as long as the process. Left in the collector's generations, every
full collection walks it again, and a collection stops every thread of the process, the
ones answering Slack's acks included. `gc.freeze()` moves it to a permanent generation the
collector never scans; what is allocated afterwards is collected as before.
"""

from __future__ import annotations

import gc


def freeze_startup_heap() -> None:
    """Collect once, then leave every object alive now out of later collections."""
    gc.collect()
    gc.freeze()


__all__ = ["freeze_startup_heap"]
