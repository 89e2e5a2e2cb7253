"""Writes that could not reach the database, kept until they can be replayed.

In memory for speed, mirrored to an append-only JSONL file so a restart during an outage
loses nothing. Entries are acknowledged by id (an `ack` line); the file is truncated once
everything in it has been replayed.
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


class Outbox:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._pending: dict[str, dict[str, Any]] = {}
        self._load()

    def _load(self) -> None:
        if not self.path.exists():
            return
        acked: set[str] = set()
        entries: list[dict[str, Any]] = []
        for line_number, line in enumerate(self.path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                # A torn last line after a crash: everything before it is still good.
                log.warning("skipping unreadable outbox line %d in %s", line_number, self.path)
                continue
            if record.get("op") == "ack":
                acked.add(record["id"])
            else:
                entries.append(record)
        self._pending = {entry["id"]: entry for entry in entries if entry["id"] not in acked}
        if self._pending:
            log.warning("%d queued database writes found in %s", len(self._pending), self.path)

    def append(self, entry: dict[str, Any]) -> None:
        line = json.dumps(entry, default=str, separators=(",", ":"))
        with self._lock:
            self._pending[entry["id"]] = entry
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with self.path.open("a", encoding="utf-8") as handle:
                    handle.write(line + "\n")
            except OSError:
                log.error("could not write the outbox file %s; the write is kept in memory only", self.path)

    def pending(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._pending.values())

    def ack(self, entry_id: str) -> None:
        with self._lock:
            self._pending.pop(entry_id, None)
            try:
                if not self._pending:
                    self.path.unlink(missing_ok=True)
                else:
                    with self.path.open("a", encoding="utf-8") as handle:
                        handle.write(json.dumps({"op": "ack", "id": entry_id}) + "\n")
            except OSError:
                log.warning("could not update the outbox file %s", self.path)

    def __len__(self) -> int:
        with self._lock:
            return len(self._pending)
