"""Benchmark: full approved task-transfer journeys through the services and the flow engine.

    .venv/bin/python bench/journey.py                 # SQLite in memory, 200 journeys
    .venv/bin/python bench/journey.py -n 50
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/saksflyt .venv/bin/python bench/journey.py

Like the test runner, it creates a throwaway test database (test_<name>) and drops it afterwards.
Prints milliseconds per journey (median, p95), SQL statements per journey, and the time and
statement count of `GET /api/v1/cases/` over everything created.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from bench.capture import samples  # noqa: E402
from cases import calendar  # noqa: E402
from cases.models import TaskTransfer  # noqa: E402
from tests.factories import build_world, full_panel, proposal  # noqa: E402
from tests.journey import NO_STATEMENT, step  # noqa: E402
from workflows.task_transfer.actions import submit_proposal  # noqa: E402


def _step(case, node, user, data):
    step(user, case, node, data)


def journey(world, i: int) -> None:
    """Submit → screen → panel → recommend → GP council → SSU approves."""
    case = submit_proposal(
        community=world.community,
        proposer=world.proposer,
        data=proposal(title=f"Benchmark {i}", gps_affected=True),
    )
    _step(
        case,
        "screen",
        world.secretary,
        {"decision": "proceed", "criteria": dict.fromkeys("abcdefg", True)},
    )
    _step(case, "appoint_panel", world.ssu_trust, {"members": full_panel(world)})
    sides = ("professional", "organisational", "economic", "legal")
    _step(
        case,
        "recommend",
        world.panel_people["legal"],
        {
            "recommendation": "for",
            "assessment": dict.fromkeys(sides, "ok"),
            "no_statement_reason": NO_STATEMENT,
        },
    )
    _step(case, "gp_council", world.gp, {"conclusion": "supports", "assessment": "Støttes."})
    _step(
        case,
        "ssu_decide",
        world.ssu_trust,
        {
            "positions": [
                {"member": world.ssu_trust, "position": "agree"},
                {"member": world.ssu_municipality, "position": "agree"},
            ],
            "outcome": "approve",
            "decision_text": "Vedtatt.",
            "effective_on": calendar.today() + timedelta(days=30),
            "follow_up": {"training": "x", "competence": "y", "economics": "z"},
        },
    )
    status = TaskTransfer.objects.values_list("status", flat=True).get(pk=case.pk)
    assert status == "approved", status


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def bench_api(world, repeat: int = 20):
    try:
        from django.urls import reverse
        from rest_framework.test import APIClient

        url = reverse("api:case-list")
    except Exception as exc:  # the API is optional for this benchmark
        print(f"API: skipped ({exc.__class__.__name__}: {exc})")
        return
    client = APIClient()
    client.force_authenticate(world.secretary)
    timings = []
    for _ in range(repeat):
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            print(f"API: skipped (GET {url} answered {response.status_code})")
            return
    rows = len(response.json().get("results", []))
    print(
        f"GET {url}: median {statistics.median(timings):.1f} ms, "
        f"p95 {percentile(timings, 95):.1f} ms, {len(queries)} SQL statements, "
        f"{rows} rows on the first page"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--journeys", type=int, default=200)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
        world = build_world()
        timings, counts = samples(lambda i, _: journey(world, i), args.journeys)
        print(
            f"{args.journeys} approved task-transfer journeys: "
            f"median {statistics.median(timings):.1f} ms, p95 {percentile(timings, 95):.1f} ms, "
            f"{statistics.median(counts):.0f} SQL statements per journey "
            f"(min {min(counts)}, max {max(counts)})"
        )
        bench_api(world)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
