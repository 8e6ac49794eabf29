"""The machine's processes as /proc tells them (Linux): for tests that stop what they started
and benchmarks that count whose CPU a request cost."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

_TICKS = os.sysconf("SC_CLK_TCK")


class Process(NamedTuple):
    command: str
    parent: int
    cpu_seconds: float  # user and system time so far


def process_table() -> dict[int, Process]:
    """Every process by pid (those that ended while being read are left out)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command is in parentheses and may itself hold spaces or parentheses.
        fields = stat[stat.rindex(")") + 2 :].split()
        found[int(entry.name)] = Process(
            command=stat[stat.index("(") + 1 : stat.rindex(")")],
            parent=int(fields[1]),
            cpu_seconds=(int(fields[11]) + int(fields[12])) / _TICKS,
        )
    return found


def descendants(pid: int, table: dict[int, Process] | None = None) -> list[int]:
    """The processes started by `pid`, and by them."""
    children: dict[int, list[int]] = {}
    for child, process in (table or process_table()).items():
        children.setdefault(process.parent, []).append(child)
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found
