"""Writes that could not reach the database, kept until they can be replayed.

In memory for speed, mirrored to an append-only JSONL file so a restart during an outage
loses nothing. Entries are acknowledged by id (an `ack` line); the file is truncated once
everything in it has been replayed.
"""

from __future__ import annotations

import json
import logging
import os
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

    def reject(self, entry: dict[str, Any], reason: str) -> None:
        """Keep a write the database refuses for good next to the outbox, for a person to inspect."""
        dead_letters = self.path.with_name(self.path.stem + ".rejected.jsonl")
        try:
            with dead_letters.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps({**entry, "rejected": reason}, default=str) + "\n")
        except OSError:
            log.error("could not keep the rejected outbox entry %s", entry.get("id"))
        self.ack(entry["id"])

    def __len__(self) -> int:
        with self._lock:
            return len(self._pending)


def _process_alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill would terminate the process there; never adopt on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def process_outbox(directory: Path, stem: str) -> Outbox:
    """This process's outbox file for one database, adopting the files of processes that died.

    One file per process: several web workers never append to or truncate each other's file.
    """
    own = directory / f"{stem}-{os.getpid()}.jsonl"
    outbox = Outbox(own)
    for orphan in sorted(directory.glob(f"{stem}-*.jsonl")):
        owner = orphan.name[len(stem) + 1 : -len(".jsonl")]
        if orphan == own or not owner.isdigit() or _process_alive(int(owner)):
            continue
        claimed = orphan.with_name(f"{orphan.name}.adopting-{os.getpid()}")
        try:
            orphan.rename(claimed)  # atomic: of two adopters only one wins
        except OSError:
            continue
        for entry in Outbox(claimed).pending():
            outbox.append(entry)
        claimed.unlink(missing_ok=True)
    return outbox
