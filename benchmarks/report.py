"""The benchmark's table: one `Figure` per measured goal, printed with medians, worsts,
baselines, ratios, the goal and its verdict, and appended to benchmarks/RESULTS.md."""

from __future__ import annotations

import os
import platform
import statistics
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

RESULTS = Path(__file__).with_name("RESULTS.md")
HEADERS = ["figure", "median", "worst", "baseline median", "ratio", "goal", "verdict"]


@dataclass
class Figure:
    key: str  # the name `--only` selects it by
    name: str
    ours: list[float]  # seconds (or MB for memory)
    base: list[float] | None
    goal: str
    met: bool | None
    unit: str = "ms"
    note: str = ""

    def cells(self) -> list[str]:
        scale = 1000 if self.unit == "ms" else 1
        med, worst = statistics.median(self.ours) * scale, max(self.ours) * scale
        base = statistics.median(self.base) * scale if self.base else None
        ratio = f"{med / base:.2f}x" if base else "-"
        verdict = {True: "met", False: "NOT met", None: "-"}[self.met]
        return [
            self.name,
            f"{med:.0f} {self.unit}",
            f"{worst:.0f} {self.unit}",
            f"{base:.0f} {self.unit}" if base is not None else "-",
            ratio,
            self.goal,
            verdict + (f" ({self.note})" if self.note else ""),
        ]


def ratio_ok(ours: list[float], base: list[float], limit: float) -> bool:
    return statistics.median(ours) <= limit * statistics.median(base)


def table(figures: list[Figure]) -> str:
    rows = [HEADERS, *(f.cells() for f in figures)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADERS))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in rows]
    lines.insert(1, "| " + " | ".join("-" * w for w in widths) + " |")
    return "\n".join(lines)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"


def record(command: str, store: str, settings: str, text: str, verdict: str) -> None:
    """Append one run to RESULTS.md: when, the command, the machine, the store, the table."""
    with RESULTS.open("a", encoding="utf-8") as fh:
        fh.write(
            f"\n## {datetime.now():%Y-%m-%d %H:%M} `{command.strip()}`\n\n"
            f"{machine()}; store: {store}; {settings}.\n\n{text}\n\n{verdict}\n"
        )
