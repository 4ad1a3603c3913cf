"""Start-up time of the pure commands: from starting ``gongkai <command>`` to its first
byte of output (issue 14: under 0.3 s), the median of 5 runs each, beside the baseline of
``python -c pass`` on the same interpreter.

Bytecode is cached (in a temporary PYTHONPYCACHEPREFIX, even where PYTHONDONTWRITEBYTECODE
is set), as in an installed package, and each command runs once untimed first: otherwise
the figure is mostly the compilation of the sources.

    PYTHONPATH=src .venv/bin/python bench/cli_start.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 0.3


def first_output(argv: list[str], env: dict) -> tuple[float, float]:
    """Seconds from spawning ``argv`` to the first byte on its stdout, and the CPU seconds
    the whole run took (on a loaded machine the wall time is mostly waiting for a core)."""
    before = _children_cpu()
    began = time.perf_counter()
    with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env) as p:
        p.stdout.read(1)
        elapsed = time.perf_counter() - began
        p.stdout.read()
    return elapsed, _children_cpu() - before


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def total(argv: list[str], env: dict) -> float:
    began = time.perf_counter()
    subprocess.run(argv, capture_output=True, env=env, check=False)
    return time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    src = str(Path(__file__).resolve().parents[1] / "src")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp, "pycache"))
        report = Path(tmp, "r.txt")
        report.write_text("某某局2024年政府信息公开工作年度报告\n", encoding="utf-8")
        private = Path(tmp, "p.txt")
        private.write_text("身份证号 11010519491231002X\n", encoding="utf-8")
        env["GONGKAI_DATABASE_URL"] = f"sqlite:///{tmp}/none.sqlite3"
        gongkai = [sys.executable, "-m", "gongkai.cli"]
        commands = {
            "workdays check": [*gongkai, "workdays", "check", "2026-02-14"],
            "workdays add": [*gongkai, "workdays", "add", "2026-09-30", "20"],
            "report-check": [*gongkai, "report-check", str(report)],
            "privacy-scan": [*gongkai, "privacy-scan", str(private)],
            "help": [*gongkai, "help"],
        }
        runs = [first_output([sys.executable, "-c", "pass"], env) for _ in range(args.runs)]
        baseline = statistics.median(wall for wall, _ in runs)
        base_cpu = statistics.median(cpu for _, cpu in runs)
        print(f"{'':<16} {'first output':>12} {'':>14} {'CPU':>8}  (medians of {args.runs})")
        print(f"{'python -c pass':<16} {baseline:10.3f} s {'(baseline)':>14} {base_cpu:6.3f} s")
        worst = 0.0
        for name, argv in commands.items():
            total(argv, env)  # compiles and caches the bytecode
            runs = [first_output(argv, env) for _ in range(args.runs)]
            median = statistics.median(wall for wall, _ in runs)
            cpu = statistics.median(cpu for _, cpu in runs)
            worst = max(worst, median)
            print(
                f"{name:<16} {median:10.3f} s {median / baseline:8.1f}x base {cpu:6.3f} s"
                f"  ({cpu / base_cpu:.1f}x base CPU)"
            )
        verdict = "meets" if worst < TARGET else "below"
        print(f"target: first output under {TARGET} s: {verdict} (slowest {worst:.3f} s)")
        print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
