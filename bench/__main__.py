"""Run the whole benchmark suite and print its table (README, "Ytelse").

    ./bin/bench                  # the full run (minutes)
    ./bin/bench --small          # every section on small data (seconds; the test suite runs it)

It makes its own PostgreSQL database (SAKSFLYT_BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/saksflyt_bench; dropped and made again, dropped after),
migrates it, sets up its data through the services (bulk SQL for the scale sections), and
starts gunicorn on 127.0.0.1:--port with the bench settings (production settings plus the
bare endpoints, bench/settings.py).
"""

import argparse
import os
import platform
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Size:
    repeats: int  # measured repetitions of each figure; the table shows medians
    requests: int  # per load run
    concurrency: int
    max_seconds: float
    inbox_small: int
    inbox_large: int
    process_runs: int
    cases_small: int  # change polling: among how many cases
    cases_large: int
    open_small: int  # sweep: open deadlines
    open_large: int
    due: int  # sweep: due deadlines and due consultations per pass


SECTIONS = ("budgets", "polling", "cost", "changes", "sweep")
FULL = Size(5, 600, 4, 8.0, 10, 100, 10, 1_000, 100_000, 10_000, 1_000_000, 100)
SMALL = Size(1, 20, 2, 3.0, 2, 6, 1, 60, 200, 300, 1_000, 2)


def machine() -> str:
    cpus = os.cpu_count()
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{platform.machine()}, {cpus} kjerner{mem}, Python {platform.python_version()}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Saksflyt: ytelsesmåling")
    parser.add_argument("--small", action="store_true", help="små data, noen sekunder")
    parser.add_argument("--port", type=int, default=8701)
    parser.add_argument("--keep-db", action="store_true", help="behold databasen etterpå")
    parser.add_argument(
        "--only", choices=SECTIONS, action="append", help="bare denne delen (kan gjentas)"
    )
    args = parser.parse_args(argv)
    size = SMALL if args.small else FULL

    sys.path.insert(0, str(ROOT))
    from bench import db

    url = db.bench_url()
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    started = time.monotonic()
    with db.fresh(url, keep=args.keep_db):
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        table = _measure(size, args.port, url, set(args.only or SECTIONS))
        from django.db import connection

        server = connection.cursor().connection.info.server_version
        connection.close()
    print()
    print(table.markdown())
    print()
    print(
        f"Maskin: {machine()}, PostgreSQL {server // 10000}.{server % 10000}; "
        f"{'--small' if args.small else 'full kjøring'}, medianer av {size.repeats}; "
        f"{time.monotonic() - started:.0f} s."
    )
    return 0


def _measure(size: Size, port: int, url: str, only: set):
    from bench import budgets, changes, cost, polling, sweep
    from bench.data import populate, token_for
    from bench.processes import cast as make_cast
    from bench.table import Table

    table = Table()
    cast = make_cast()
    population = populate(cast, inbox_small=size.inbox_small, inbox_large=size.inbox_large)
    if "budgets" in only:
        _say("2 spørringsbudsjetter")
        budgets.run(table, cast, population)
    if "polling" in only:
        _say("1 polling over HTTP (gunicorn) og 6 minne")
        polling.run(
            table,
            port=port,
            database_url=url,
            token=token_for(cast.world.secretary),
            case_id=population.cases[0].pk,
            size=size,
        )
    if "cost" in only:
        _say("3 prosesskostnad")
        cost.run(table, cast, runs=size.process_runs)
    if "changes" in only:
        _say("5 endringspolling")
        changes.run(
            table,
            cast,
            population.spare[-1],
            small=size.cases_small,
            large=size.cases_large,
            repeats=max(size.repeats, 3) * 2,
        )
    if "sweep" in only:
        _say("4 fristsveip")
        # Beside the bulk cases on consultation, which the change polling section makes; made
        # here when that section did not run (`--only sweep`).
        changes.grow_to(size.cases_large, population.spare[-1], cast.world.secretary)
        sweep.run(
            table,
            cast,
            small_open=size.open_small,
            large_open=size.open_large,
            due=size.due,
            repeats=size.repeats if size.repeats > 1 else 1,
        )
    return table


def _say(text: str) -> None:
    print(f"==> {text}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
