"""The benchmark suite keeps working: its small run (`python -m bench --small`) runs every
section against the test PostgreSQL server, in a database of its own, and prints the table.
No figure is judged here; the full run and its targets are in README ("Ytelse")."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.postgres


def _bench_url() -> str:
    s = connection.settings_dict
    auth = quote(s["USER"] or "postgres") + (f":{quote(s['PASSWORD'])}" if s["PASSWORD"] else "")
    host, port = s["HOST"] or "127.0.0.1", s["PORT"] or "5432"
    return f"postgres://{auth}@{host}:{port}/{s['NAME']}_bench_small"


def test_the_small_benchmark_runs_every_section_and_prints_its_table(db):
    if connection.vendor != "postgresql":
        pytest.skip("the benchmark runs on PostgreSQL (set DATABASE_URL)")
    env = {**os.environ, "SAKSFLYT_BENCH_DATABASE_URL": _bench_url()}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--small", "--port", "8799"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    assert "| # | måling | verdi |" in out
    for section in ("1", "2", "3", "4", "5", "6"):
        assert f"\n| {section} | " in out, f"section {section} missing:\n{out}"
    for label in ("Oppgaveoverføring", "Tvisteløsning", "SpiffWorkflow", "changed_after"):
        assert label in out
    assert "Maskin:" in out
