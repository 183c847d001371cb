"""`make bench`: every benchmark, each printing its own table. Nothing here passes or fails."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = [
    "bench_scheduling.py",
    "bench_blocks.py",
    "bench_http.py",
    "bench_edits.py",
    "bench_watch.py",
    "bench_recordings.py",
    "bench_squads.py",
]


def main() -> None:
    for script in BENCHMARKS:
        print(f"\n== {script}")
        subprocess.run([sys.executable, str(HERE / script)], check=True)


if __name__ == "__main__":
    main()
