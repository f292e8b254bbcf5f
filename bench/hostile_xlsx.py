"""How fast and how cheaply hostile XLSX files are refused (the targets: < 2 s, < 50 MB growth).

For each file, a fresh Python process loads the file's bytes, then runs what the web request runs
(``check_file``: the archive inspection) and what the worker runs (``count_data_rows``: the first
pass), and reports the wall time and the growth of its peak RSS over the baseline taken after the
bytes were loaded. Prints one JSON line per file and step with the median of ``--repeat`` runs.

    python bench/hostile_xlsx.py --repeat 3
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.gateway.hostile_files import BILLION_LAUGHS, dimension_bomb, shared_strings_bomb, sheet_xml, xlsx  # noqa: E402

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[3])
from gateway.orders.spreadsheets import FileProblem, check_file, count_data_rows
step = {"request": check_file, "worker": count_data_rows}[sys.argv[2]]
content = open(sys.argv[1], "rb").read()
import gateway.orders.xlsx  # noqa: F401 - imports are not what is measured
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
try:
    step(content, 200_000)
    outcome = "accepted"
except FileProblem as exc:
    outcome = exc.code
seconds = time.perf_counter() - started
growth_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(json.dumps({"outcome": outcome, "seconds": seconds, "rss_growth_mb": growth_kb / 1024}))
"""


def run_once(path: Path, step: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), step, str(ROOT)], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout)


@click.command()
@click.option("--repeat", default=3, show_default=True)
def main(repeat: int) -> None:
    files = {
        "shared_strings_bomb_78mb": shared_strings_bomb(78),
        "dimension_A1_XFD1048576": dimension_bomb(),
        "billion_laughs": xlsx(sheet_xml([["Код 1С"]], prolog=BILLION_LAUGHS)),
    }
    with tempfile.TemporaryDirectory() as tmp:
        for name, content in files.items():
            path = Path(tmp) / f"{name}.xlsx"
            path.write_bytes(content)
            for step in ("request", "worker"):
                runs = [run_once(path, step) for _ in range(repeat)]
                print(
                    json.dumps(
                        {
                            "file": name,
                            "file_kb": round(len(content) / 1024, 1),
                            "step": step,
                            "outcome": runs[0]["outcome"],
                            "median_seconds": round(statistics.median(r["seconds"] for r in runs), 4),  # type: ignore[misc]
                            "median_rss_growth_mb": round(
                                statistics.median(r["rss_growth_mb"] for r in runs),  # type: ignore[misc]
                                2,
                            ),
                        }
                    )
                )


if __name__ == "__main__":
    main()
