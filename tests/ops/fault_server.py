"""The live service of the fault tests, as its own process, against a database the test owns
(production settings, tests/ops/fault_settings.py):

    python -m tests.ops.fault_server setup      # a community and its people; prints JSON
    python -m tests.ops.fault_server serve PORT # one thread, so its connection is reused
    python -m tests.ops.fault_server check      # what is inconsistent, as JSON
"""

import json
import sys
from wsgiref.simple_server import WSGIRequestHandler, make_server

import django


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # the test reads the answers, not the access log
        pass


def setup() -> dict:
    from tests.factories import build_world

    world = build_world()
    return {
        "community": world.community.slug,
        "proposer": world.proposer.username,
        "secretary": world.secretary.username,
    }


def check() -> dict:
    """Every case whose status, events, tasks or deadlines disagree (half a change), and the
    status of every case."""
    from viewflow.workflow.models import Task

    from cases.models import CaseEvent, Deadline, Screening, TaskTransfer

    problems, statuses = [], {}
    for case in TaskTransfer.objects.order_by("pk"):
        statuses[str(case.pk)] = case.status
        events = list(CaseEvent.objects.filter(case=case).order_by("pk"))
        where = f"sak {case.pk}"
        if [e.action for e in events[:1]] != ["submitted"]:
            problems.append(f"{where}: første hendelse er ikke innsendingen")
        if events[-1].to_status != case.status:
            problems.append(f"{where}: status {case.status}, siste hendelse {events[-1].to_status}")
        passed = sum(e.action == "screening_passed" for e in events)
        expected = 1 if case.status == "awaiting_panel" else 0
        if passed != expected or Screening.objects.filter(case=case).count() != expected:
            problems.append(f"{where}: screeningen stemmer ikke med statusen {case.status}")
        tasks = list(Task.objects.filter(process__caseprocess__case=case, flow_task_type="HUMAN"))
        open_tasks = [t.flow_task.name for t in tasks if t.status in ("NEW", "ASSIGNED")]
        want = {"submitted": ["screen"], "awaiting_panel": ["appoint_panel"]}[case.status]
        if open_tasks != want:
            problems.append(f"{where}: åpne oppgaver {open_tasks}, ventet {want}")
        claimed = [e.data["task"] for e in events if e.action == "task_claimed"]
        taken = sorted(t.pk for t in tasks if t.owner_id is not None)
        if sorted(claimed) != taken:
            problems.append(f"{where}: tatt {taken}, men hendelser for {claimed}")
        for t in tasks:
            deadlines = Deadline.objects.filter(case=case, task_id=t.pk)
            states = sorted(deadlines.values_list("state", flat=True))
            if t.status in ("NEW", "ASSIGNED") and states != ["open"]:
                problems.append(f"{where}: åpen oppgave {t.pk} har frister {states}")
            if t.status == "DONE" and "open" in states:
                problems.append(f"{where}: fullført oppgave {t.pk} har åpen frist")
    return {"problems": problems, "statuses": statuses}


def serve(port: int) -> None:
    from django.core.wsgi import get_wsgi_application

    server = make_server("127.0.0.1", port, get_wsgi_application(), handler_class=_QuietHandler)
    print("klar", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    django.setup()
    command = sys.argv[1]
    if command == "serve":
        serve(int(sys.argv[2]))
    else:
        print(json.dumps(setup() if command == "setup" else check()))
