"""A server process's heap after start-up: kept out of the garbage collector's way.

Everything alive once a server is built (modules, settings, pydantic schemas, the apps and
their listeners) lives as long as the process. Left in the collector's generations, every
full collection walks it again, and a collection stops every thread of the process, the
ones answering Slack's acks included. `gc.freeze()` moves it to a permanent generation the
collector never scans; what is allocated afterwards is collected as before.
"""

from __future__ import annotations

import gc

_frozen = False


def freeze_startup_heap() -> bool:
    """Collect once, then leave every object alive now out of later collections; once per
    process (a second app built in the same process, as in tests, adds nothing worth freezing).
    Returns whether it froze now."""
    global _frozen
    if _frozen:
        return False
    _frozen = True
    gc.collect()  # what start-up already dropped is freed, not frozen
    gc.freeze()
    return True


__all__ = ["freeze_startup_heap"]
