"""A PostgreSQL restart in the middle of a stream of API requests, on a cluster of the test's
own (tests/ops/pg_cluster.py) behind a live server process with production settings: the
requests that meet the outage get a 503 problem with Retry-After, none leaves half a change,
and the service recovers by itself, also when the restart happens between two requests.

Runs with the rest of the PostgreSQL suite (CI), skipped on SQLite."""

import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import proposal
from tests.ops.live_api import Answer, LiveApi
from tests.ops.pg_cluster import Cluster, copy_schema, free_port

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
CRITERIA_OK = {k: True for k in "abcdefg"}
OUTAGE_SECONDS = 1.0


@dataclass
class Live:
    cluster: Cluster
    api: LiveApi
    env: dict
    world: dict

    def run(self, *args: str) -> str:
        command = [sys.executable, "-m", "tests.ops.fault_server", *args]
        done = subprocess.run(
            command, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        return done.stdout


@pytest.fixture
def live(db, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL); the test runs a cluster of its own")
    cluster = Cluster().init()
    server = None
    try:
        cluster.start()
        url = cluster.create_database("saksflyt")
        copy_schema(connection.settings_dict, url)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.ops.fault_settings",
            "DJANGO_SECRET_KEY": "fault-test-only",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": url,
            "DJANGO_LOG_LEVEL": "CRITICAL",
        }
        live = Live(cluster, LiveApi(free_port()), env, {})
        live.world = json.loads(live.run("setup"))
        port = live.api.base.rsplit(":", 1)[1]
        log_path = tmp_path / "server.log"
        log = log_path.open("w")
        server = subprocess.Popen(
            [sys.executable, "-m", "tests.ops.fault_server", "serve", port],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
        assert server.stdout.readline().strip() == "klar", log_path.read_text()
        yield live
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        cluster.destroy()


def _stream(live: Live, tokens: dict, stop: threading.Event, answers: list) -> None:
    """Submit, claim and screen proposal after proposal; a failed step starts the next one."""
    api, slug = live.api, live.world["community"]
    while not stop.is_set():
        submitted = api.post("/api/v1/task-transfers/", proposal(community=slug), tokens["p"])
        answers.append(submitted)
        if not submitted.ok:
            time.sleep(0.02)
            continue
        task = submitted.body["open_tasks"][0]["id"]
        claimed = api.post(f"/api/v1/tasks/{task}/claim/", token=tokens["s"])
        answers.append(claimed)
        if not claimed.ok:
            continue
        body = {"decision": "proceed", "criteria": CRITERIA_OK}
        answers.append(api.post(f"/api/v1/tasks/{task}/complete/", body, tokens["s"]))


def _wait_for(check, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _is_database_problem(answer: Answer) -> bool:
    return (
        answer.status == 503
        and answer.headers.get("Content-Type", "").startswith("application/problem+json")
        and isinstance(answer.body, dict)
        and answer.body.get("code") == "database_unavailable"
        and answer.headers.get("Retry-After", "").isdigit()
    )


def test_a_database_restart_fails_requests_cleanly_and_the_service_recovers(live):
    tokens = {"p": live.api.token(live.world["proposer"]), "s": live.api.token("sekretar")}
    answers: list[Answer] = []
    stop = threading.Event()
    streamer = threading.Thread(target=_stream, args=(live, tokens, stop, answers))
    streamer.start()
    try:
        _wait_for(lambda: sum(a.ok for a in answers) >= 6)
        live.cluster.stop("fast")  # aborts what is in flight
        time.sleep(OUTAGE_SECONDS)
        live.cluster.start()  # returns when it accepts connections again
        back = time.monotonic()
        _wait_for(lambda: sum(a.ok and a.started > back for a in answers) >= 6)
    finally:
        stop.set()
        streamer.join(timeout=30)

    failed = [a for a in answers if not a.ok]
    assert failed, "no request met the outage"
    assert all(_is_database_problem(a) for a in failed), [
        (a.path, a.status, a.body) for a in failed if not _is_database_problem(a)
    ]
    # Recovers by itself: every request that started once the database was back succeeded.
    after = [a for a in answers if a.started > back]
    assert after and all(a.ok for a in after), [(a.path, a.status) for a in after if not a.ok]

    report = json.loads(live.run("check"))
    assert report["problems"] == []
    statuses = report["statuses"]
    created = [a.body["id"] for a in answers if a.status == 201]
    assert all(case_id in statuses for case_id in created)
    screened = [a.body["id"] for a in answers if a.path.endswith("/complete/") and a.ok]
    assert screened and all(statuses[case_id] == "awaiting_panel" for case_id in screened)

    # A restart between two requests costs no request: the server keeps its connection, and
    # notices the broken one before the next request uses it (CONN_HEALTH_CHECKS).
    assert live.api.get("/api/v1/me/", tokens["p"]).status == 200
    live.cluster.stop("fast")
    live.cluster.start()
    answer = live.api.get("/api/v1/me/", tokens["p"])
    assert answer.status == 200, answer
