"""The SQL of one run of each process, statement by statement, with where in the code each
came from: for finding what `bench/cost.py` counts (README "Ytelse", point 3).

    .venv/bin/python -m bench.statements [KIND ...] > statements.txt

It makes its own database (SAKSFLYT_BENCH_DATABASE_URL with `_statements` added; dropped
afterwards), runs each process once to warm up and once captured, and prints each statement
with the innermost frames of this project that issued it.
"""

import os
import sys
import traceback
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRAMES = 4  # how many frames of ours to show per statement


def _origin() -> str:
    ours = [
        f
        for f in traceback.extract_stack()[:-2]
        if f.filename.startswith(str(ROOT)) and "/.venv/" not in f.filename
    ]
    return " < ".join(
        f"{Path(f.filename).relative_to(ROOT)}:{f.lineno}:{f.name}" for f in ours[-FRAMES:][::-1]
    )


class _Log(deque):
    """Django's query log, with the origin of each statement added as it is logged."""

    def append(self, entry):
        entry["origin"] = _origin()
        super().append(entry)


def main(kinds: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    from bench import db

    url = db.bench_url() + "_statements"
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    with db.fresh(url):
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        from django.db import connection, reset_queries
        from django.test.utils import CaptureQueriesContext

        from bench.processes import RUNS, cast

        people = cast()
        for kind, process in RUNS.items():
            if kinds and kind not in kinds:
                continue
            process.run(people, -1, process.given(people, -1))
            given = process.given(people, 0)
            reset_queries()
            connection.queries_log = _Log(maxlen=connection.queries_log.maxlen)
            with CaptureQueriesContext(connection) as queries:
                process.run(people, 0, given)
            print(f"# {kind}: {len(queries)} statements")
            for number, entry in enumerate(queries.captured_queries):
                print(f"{number:4d} {entry['sql'][:300]}")
                print(f"       @ {entry.get('origin', '')}")
        connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
