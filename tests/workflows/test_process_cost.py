"""What one action of a process costs in SQL: the statements the engine, the lock and the
case services need, and none twice (bench/cost.py measures the whole run, README "Ytelse")."""

import threading

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from viewflow.workflow.models import Task

from tests.journey import open_task, submit
from workflows import engine
from workflows.locks import row_lock
from workflows.registry import node_spec


def _savepoints(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SAVEPOINT")]


def test_a_claim_opens_one_block_the_flow_lock(world):
    """The flow lock's `atomic()` is the only block around a claim: no savepoint for the lock
    statement alone and none for the engine's body (two statements each, every action). The
    test runs inside pytest's transaction, so the lock's own block is the one savepoint."""
    case = submit(world)
    task = open_task(case, "screen")
    with CaptureQueriesContext(connection) as claim:
        engine.task_claim(task_id=task.pk, user=world.secretary)
    assert len(_savepoints(claim)) == 1, _savepoints(claim)
    assert Task.objects.get(pk=task.pk).owner_id == world.secretary.pk


@pytest.fixture
def pg(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (set DATABASE_URL)")


def test_a_lock_not_granted_in_time_leaves_the_outer_transaction_usable(pg, monkeypatch):
    """Without its inner savepoint the lock still rolls back only itself: a claim refused as
    `case_busy` inside an outer transaction (the API's idempotency record) leaves that
    transaction usable, and the task untouched."""
    from tests.factories import build_world

    world = build_world()
    case = submit(world)
    task = open_task(case, "screen")
    monkeypatch.setattr(row_lock, "timeout_ms", 200)
    held, release = threading.Event(), threading.Event()

    def holder():
        try:
            with transaction.atomic():
                type(case.process).objects.select_for_update().filter(pk=case.process.pk).exists()
                held.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=holder)
    thread.start()
    try:
        assert held.wait(10)
        with transaction.atomic():
            with pytest.raises(engine.Busy):
                engine.task_claim(task_id=task.pk, user=world.secretary)
            assert Task.objects.get(pk=task.pk).owner_id is None  # the outer block still works
    finally:
        release.set()
        thread.join(10)
    engine.task_claim(task_id=task.pk, user=world.secretary)
    assert Task.objects.get(pk=task.pk).owner_id == world.secretary.pk


def _opened_dispute(world):
    """A dispute opened with its flow by the municipality's side (ladder A)."""
    from tests.disputes import LADDER_A, sides_on
    from workflows.dispute import actions

    sides = sides_on(world, LADDER_A)
    case = actions.open_dispute(
        actor=sides.municipality,
        counterparty=world.trust,
        dispute_kind="agreement",
        subject="Uenighet om oppfølging",
        agreement_clause="Delavtale 2, punkt 2.2",
    )
    return sides, case


def _reads(queries, table: str) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and f'FROM "{table}"' in q["sql"].split(" WHERE ")[0]
    ]


def test_a_dispute_action_reads_the_case_once_with_its_ladder_and_stage(world):
    """The action reads the dispute under its row lock once, with its ladder and current
    stage: the service inside gets that instance (`holding`), and the stage change it makes
    is what the action sees to move the flow on (no re-read before and after)."""
    from cases.models import Dispute, DisputeStatus
    from cases.services import dispute as dsp
    from workflows.dispute import actions

    sides, case = _opened_dispute(world)
    with CaptureQueriesContext(connection) as consent:
        actions.act(dsp.dispute_consent, case=case, actor=sides.municipality, stage="ssu")
    assert len(_reads(consent, "cases_dispute")) == 1
    assert _reads(consent, "cases_disputeladder") == []
    actions.act(dsp.dispute_consent, case=case, actor=sides.trust, stage="ssu")
    dsp.dispute_record_position(case=case, actor=sides.municipality, text="Foretaket.")
    dsp.dispute_record_position(case=case, actor=sides.trust, text="Kommunen.")
    dsp.dispute_record_disagreement(case=case, actor=sides.trust)
    with CaptureQueriesContext(connection) as escalate:
        actions.act(dsp.dispute_escalate, case=case, actor=sides.municipality, stage="ssu")
    assert len(_reads(escalate, "cases_dispute")) == 1
    # nor again through the process (the gateway's `SELECT 1 … status IN` is its own check)
    assert [sql for sql in _reads(escalate, "cases_case") if not sql.startswith("SELECT 1")] == []
    # nor its process (known to the action), nor its parties and opener (read with the case),
    # and the ladder's stages once for the target and once for those on the way
    processes = _reads(escalate, "viewflow_process") + _reads(escalate, "workflows_caseprocess")
    processes = [sql for sql in processes if not sql.startswith("SELECT 1")]  # the flow lock
    assert processes == [], processes
    assert _reads(escalate, "cases_party") == []
    assert _reads(escalate, "auth_user") == []
    assert len(_reads(escalate, "cases_ladderstage")) == 2, _reads(escalate, "cases_ladderstage")
    fresh = Dispute.objects.get(pk=case.pk)
    assert fresh.status == DisputeStatus.SSU
    follow_up = open_task(fresh, "follow_up")  # the stage's task closed, the next one opened
    assert follow_up.owner_id == sides.municipality.pk


def test_a_transition_writes_the_case_row_once_and_marks_it_changed(world):
    """R-AUD-1: a transition saves the case with its new `updated_at` and appends its event;
    the event does not write the case row a second time just to touch `updated_at`."""
    from cases.models import Case, CaseEvent
    from tests.journey import ALL_MET, step

    case = submit(world)
    step(world.secretary, case, "screen", {"decision": "proceed", "criteria": ALL_MET})
    before = Case.objects.get(pk=case.pk).updated_at
    with CaptureQueriesContext(connection) as appoint:
        from tests.factories import full_panel

        step(world.ssu_trust, case, "appoint_panel", {"members": full_panel(world)})
    touches = [
        q["sql"]
        for q in appoint.captured_queries
        if q["sql"].startswith('UPDATE "cases_case" SET "updated_at"')
    ]
    # the claim's event; R-TT-11's SSU case number is written with its change mark in one
    # statement, and the transition's mark is in the case's save
    assert len(touches) == 1, touches
    number_writes = [
        q["sql"]
        for q in appoint.captured_queries
        if q["sql"].startswith('UPDATE "cases_case" SET "ssu_case_number"')
        and '"status"' not in q["sql"]  # not the transition's save
    ]
    assert len(number_writes) == 1 and '"updated_at"' in number_writes[0], number_writes
    # the case is read once, under its lock: the next task's role is the panel on it
    assert len(_reads(appoint, "cases_tasktransfer")) == 1, _reads(appoint, "cases_tasktransfer")
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.updated_at > before
    assert fresh.ssu_case_number
    panel = fresh.specific.panel
    assert open_task(fresh, "recommend").owner_permission == f"cases.committee_{panel.pk}"
    last = CaseEvent.objects.filter(case=case).order_by("-id").first()
    assert last.to_status == fresh.status


def test_a_completion_routes_on_the_case_it_holds_without_reading_it_again(world):
    """The engine reads the case under its row lock once for a completion and holds it: the
    step's service gets that instance from `locked`, and the gateway after the step routes on
    its status (what the service has just set) instead of asking the database again."""
    from tests.journey import ALL_MET, step

    case = submit(world)
    with CaptureQueriesContext(connection) as screen:
        step(world.secretary, case, "screen", {"decision": "proceed", "criteria": ALL_MET})
    case_reads = [
        q["sql"]
        for q in screen.captured_queries
        if q["sql"].startswith("SELECT") and 'FROM "cases_case"' in q["sql"].split(" WHERE ")[0]
    ]
    assert case_reads == []  # the one read of the case is FROM "cases_tasktransfer", locked
    locked_reads = [
        q["sql"] for q in screen.captured_queries if 'FROM "cases_tasktransfer"' in q["sql"]
    ]
    assert len(locked_reads) == 1, locked_reads
    assert not [q for q in screen.captured_queries if '"cases_case"."status" IN' in q["sql"]]
    assert open_task(case, "appoint_panel")  # routed on the new status


def test_next_number_is_one_locked_read_and_one_write(db):
    """A running number costs the locked read of its sequence row and one write: no savepoint
    of its own and no read back of what was written."""
    from cases.services.events import next_number

    first = next_number("bench-test", 2026)
    with CaptureQueriesContext(connection) as second:
        number = next_number("bench-test", 2026)
    assert number == first + 1
    assert len(second.captured_queries) == 2, [q["sql"] for q in second.captured_queries]


def test_concurrent_submissions_get_distinct_references(pg):
    """Eight proposals submitted at once get eight distinct, consecutive references: the
    sequence row lock serialises them."""
    from cases.models import TaskTransfer
    from tests.factories import build_world, proposal
    from tests.threads import errors, race, values
    from workflows.task_transfer.actions import submit_proposal

    world = build_world()

    def one(i):
        return lambda: (
            submit_proposal(
                community=world.community, proposer=world.proposer, data=proposal(title=f"Sak {i}")
            ).pk
        )

    results = race(*[one(i) for i in range(8)])
    assert not errors(results), results
    refs = sorted(
        TaskTransfer.objects.filter(pk__in=values(results)).values_list("reference", flat=True)
    )
    assert len(set(refs)) == 8
    numbers = sorted(int(ref.rsplit("-", 1)[1]) for ref in refs)
    assert numbers == list(range(numbers[0], numbers[0] + 8))


def test_opening_a_case_writes_its_row_once(world):
    """R-AUD-1: a new case is inserted with its `updated_at` and gets its opening event; the
    event does not write the new row again, and its parties are added without reading the
    (empty) set first."""
    from cases.models import Case, CaseEvent

    with CaptureQueriesContext(connection) as opening:
        case = submit(world)
    sqls = [q["sql"] for q in opening.captured_queries]
    assert not [sql for sql in sqls if sql.startswith('UPDATE "cases_case"')], sqls
    assert not [sql for sql in sqls if 'INNER JOIN "cases_case_parties"' in sql]
    # nor checks by query what it has in hand or what the database holds (R-TT-1's fields
    # are validated, `test_R_TT_1_a_proposal_field_out_of_bounds_is_refused_at_the_field`)
    checks = ('SELECT 1 AS "a" FROM "cases_', 'SELECT 1 AS "a" FROM "auth_user"', 'SELECT 1 AS "_')
    assert not [sql for sql in sqls if sql.startswith(checks)], sqls
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.updated_at is not None
    assert set(fresh.parties.values_list("pk", flat=True)) == set(
        world.community.parties.values_list("pk", flat=True)
    )
    assert CaseEvent.objects.filter(case=case, action="submitted").count() == 1


def test_a_step_service_opens_no_savepoint_inside_the_lock(world):
    """A step's service runs in the completion's transaction (`service_transaction`), and
    the gate after it routes on the held case without viewflow's savepoint (`CaseIf`): the
    only savepoints of a screening are the flow lock's blocks of the claim and of the
    completion (pytest's transaction is the outer one)."""
    from tests.journey import ALL_MET, step

    case = submit(world)
    with CaptureQueriesContext(connection) as screen:
        step(world.secretary, case, "screen", {"decision": "proceed", "criteria": ALL_MET})
    assert len(_savepoints(screen)) == 2, _savepoints(screen)  # the claim's, the completion's
    assert open_task(case, "appoint_panel")


def test_a_dispute_action_opens_one_block_the_flow_lock(world):
    """R-DSP-3: a position recorded through the action is one block (the lock's): no
    savepoint for the service, none for storing the position."""
    from cases.models import DisputePosition
    from cases.services import dispute as dsp
    from workflows.dispute import actions

    sides, case = _opened_dispute(world)
    with CaptureQueriesContext(connection) as position:
        actions.act(dsp.dispute_record_position, case=case, actor=sides.trust, text="Kommunen.")
    assert len(_savepoints(position)) == 1, _savepoints(position)
    assert DisputePosition.objects.get(dispute=case, party=world.trust).text == "Kommunen."


def test_an_action_marks_the_case_changed_once_however_many_events_it_records(db):
    """R-AUD-1: the unit's answer (R-OBJ-4) records the answer, its letter, its journal
    entry and the credit note (R-OBJ-5) as events; the case row gets its change mark once,
    in the transition's save, not once more per event."""
    from cases.models import Case, CaseEvent
    from tests.api.invoices import invoice_world
    from tests.invoices import registered_invoice
    from tests.journey import step
    from workflows.invoice_objection.actions import file_objection

    iw = invoice_world()
    invoice = registered_invoice(iw)
    line = invoice.lines.get()
    (case,) = file_objection(
        actor=iw.clerk,
        invoice=invoice,
        lines=[{"line": line.pk, "disputed_days": 2, "grounds": "Ikke varslet."}],
    )
    events = CaseEvent.objects.filter(case=case).count()
    answer = {"line": line.pk, "accepted_days": 1, "rejected_days": 1, "justification": "Ja."}
    with CaptureQueriesContext(connection) as answering:
        step(iw.head, case, "answer", {"lines": [answer]})
    touches = [
        q["sql"]
        for q in answering.captured_queries
        if q["sql"].startswith('UPDATE "cases_case" SET "updated_at"')
    ]
    assert touches == []  # the task is the unit head's from the start: no claim either
    # the unit, the invoice and its parties come with the case's locked read, for the
    # answerer's check, the letter and whom to tell (`ProcessSpec.case_related`), not one
    # by one
    for table in ("cases_invoice", "cases_party", "cases_hospitalunit", "auth_user"):
        assert _reads(answering, table) == [], _reads(answering, table)
    assert CaseEvent.objects.filter(case=case).count() - events >= 4
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.status == "answered"
    last = CaseEvent.objects.filter(case=case).order_by("-id").first()
    assert fresh.updated_at <= last.at  # marked when the action wrote it, before its events


def test_an_action_reads_the_standing_committees_once(world):
    """R-PTY-2: the screening checks the secretariat's right and the next task asks for the
    SSU's role; inside the one action the community's standing committees are read once."""
    from tests.journey import ALL_MET

    case = submit(world)
    task = open_task(case, "screen")
    engine.task_claim(task_id=task.pk, user=world.secretary)
    run = node_spec(task.flow_task).step
    data = {"decision": "proceed", "criteria": ALL_MET}
    with CaptureQueriesContext(connection) as complete:
        engine.task_complete(
            task_id=task.pk, user=world.secretary, apply=lambda c: run(c, world.secretary, data)
        )
    assert len(_reads(complete, "cases_committee")) == 1, _reads(complete, "cases_committee")
    following = open_task(case, "appoint_panel")
    assert following.owner_permission == f"cases.committee_{world.ssu.pk}"


def test_a_dispute_completion_reads_the_case_with_what_its_step_and_flow_use(world):
    """The follow-up task's completion reads the dispute under its row lock with its stage
    (the step's position is recorded at it) and its opener (the next task's assignee), as
    the dispute's actions do (`ProcessSpec.case_related`): neither is read again."""
    from tests.journey import step

    sides, case = _opened_dispute(world)
    with CaptureQueriesContext(connection) as follow_up:
        step(sides.municipality, case, "follow_up", {"text": "Helseforetaket har ansvaret."})
    assert _reads(follow_up, "cases_ladderstage") == []
    assert _reads(follow_up, "auth_user") == []
    assert len(_reads(follow_up, "cases_dispute")) == 1
    assert open_task(case, "follow_up").owner_id == sides.municipality.pk


def test_a_transition_writes_only_the_columns_the_action_changed(world):
    """A screening changes the case's status (and its change mark): the base row is written
    with those columns only and the kind's own table not at all; the appointment's panel, a
    column of the kind's table, is written there alone (R-TT-4)."""
    from cases.models import TaskTransfer
    from tests.factories import full_panel
    from tests.journey import ALL_MET, step

    case = submit(world)
    with CaptureQueriesContext(connection) as screen:
        step(world.secretary, case, "screen", {"decision": "proceed", "criteria": ALL_MET})
    writes = [q["sql"] for q in screen.captured_queries if q["sql"].startswith("UPDATE")]
    status_write = [sql for sql in writes if sql.startswith('UPDATE "cases_case" SET "status"')]
    assert len(status_write) == 1, writes
    assert status_write[0].split(" WHERE ")[0].count(" = ") == 2  # status, updated_at
    assert not [sql for sql in writes if sql.startswith('UPDATE "cases_tasktransfer"')], writes
    with CaptureQueriesContext(connection) as appoint:
        step(world.ssu_trust, case, "appoint_panel", {"members": full_panel(world)})
    own = [q["sql"] for q in appoint.captured_queries if q["sql"].startswith('UPDATE "cases_t')]
    assert len(own) == 1 and own[0].startswith('UPDATE "cases_tasktransfer" SET "panel_id"'), own
    fresh = TaskTransfer.objects.get(pk=case.pk)
    assert fresh.status == "under_investigation" and fresh.panel_id is not None
    assert fresh.title == case.title and fresh.task_description == case.task_description
