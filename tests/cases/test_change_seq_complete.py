"""`Case.change_seq` moves with every committed write that changes what the case's
representation shows (`cases.changes`, `cases.change_triggers`), also writes that bypass the
ORM's signals (`QuerySet.update`), and not with writes it does not show.

Transactional: PostgreSQL numbers at COMMIT. Runs on SQLite and, with DATABASE_URL, on
PostgreSQL.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import update_last_login
from django.db import connection, transaction
from django.db.models import Max
from viewflow.workflow.models import Process, Task

from cases import calendar
from cases.change_triggers import TRIGGERS
from cases.models import Case, CaseLink, Deadline
from cases.services.events import record_event
from tests.factories import PartyFactory, proposal
from tests.journey import open_task
from workflows import engine
from workflows.task_transfer.actions import submit_proposal

pytestmark = pytest.mark.django_db(transaction=True)

A_TIME = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def _submit(world):
    return submit_proposal(community=world.community, proposer=world.proposer, data=proposal())


def _seqs(cases) -> dict:
    return dict(Case.objects.filter(pk__in=[c.pk for c in cases]).values_list("pk", "change_seq"))


def _moves(write, moved, still):
    """After `write()`, every case of `moved` is past every value there was before, and the
    cases of `still` keep theirs."""
    before = _seqs([*moved, *still])
    top = Case.objects.aggregate(top=Max("change_seq"))["top"]
    write()
    after = _seqs([*moved, *still])
    assert {c.pk for c in moved if after[c.pk] <= top} == set(), (before, after)
    assert {c.pk: after[c.pk] for c in still} == {c.pk: before[c.pk] for c in still}


@pytest.fixture
def two(world):
    return world, _submit(world), _submit(world)


def test_every_change_trigger_exists_after_the_migrations():
    """A table rebuild on SQLite drops its triggers; this names the one that went missing."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname, tgrelid::regclass::text FROM pg_trigger "
                "WHERE NOT tgisinternal AND tgname LIKE %s",
                ["case_change_seq%"],
            )
        else:
            cursor.execute(
                "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                ["case_change_seq%"],
            )
        found = dict(cursor.fetchall())
    assert found == TRIGGERS


# The case's own fields ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "field, value",
    [
        ("kind", "dispute"),
        ("reference", "X-1"),
        ("ssu_case_number", "01/26"),
        ("title", "Ny tittel"),
        ("status", "withdrawn"),
        ("created_at", A_TIME),
        ("updated_at", A_TIME),
        ("closed_at", A_TIME),
    ],
)
def test_a_case_field_written_by_queryset_update_moves_the_case(two, field, value):
    world, case, other = two
    _moves(lambda: Case.objects.filter(pk=case.pk).update(**{field: value}), [case], [other])


def test_a_case_saved_through_the_orm_moves_it_and_a_save_that_changes_nothing_does_not(two):
    world, case, other = two
    case = Case.objects.get(pk=case.pk)

    def rename():
        case.title = "Ny tittel"
        case.save()

    _moves(rename, [case], [other])
    _moves(lambda: Case.objects.get(pk=case.pk).save(), [], [case, other])


# Parties ------------------------------------------------------------------------------------


def test_a_party_added_removed_or_moved_moves_its_cases(two):
    world, case, other = two
    Through = Case.parties.through
    newcomer = PartyFactory(community=world.community, name="Lenvik kommune")
    _moves(lambda: case.parties.add(newcomer), [case], [other])
    row = Through.objects.get(case=case, party=newcomer)
    _moves(lambda: Through.objects.filter(pk=row.pk).update(case=other), [case, other], [])
    _moves(lambda: other.parties.remove(newcomer), [other], [case])


def test_a_party_renamed_moves_every_case_of_it_each_to_its_own_value(two):
    world, case, other = two
    third = _submit(world)
    bystander = PartyFactory(community=world.community, name="Lenvik kommune")
    third.parties.set([bystander])
    party = case.parties.first()
    assert {c.pk for c in party.cases.all()} == {case.pk, other.pk}

    def rename():
        party.name = "Nytt navn"
        party.save()

    _moves(rename, [case, other], [third])
    values = _seqs([case, other]).values()
    assert len(set(values)) == 2
    _moves(lambda: type(party).objects.filter(pk=party.pk).update(kind="trust"), [], [third])
    _moves(
        lambda: type(party).objects.filter(pk=party.pk).update(organisation_number="999999999"),
        [],
        [case, other],
    )


# Deadlines ----------------------------------------------------------------------------------


def test_a_deadline_created_changed_or_deleted_moves_its_case(two):
    world, case, other = two
    today = calendar.today()
    created = []
    _moves(
        lambda: created.append(Deadline.objects.create(case=case, rule="screening", due_on=today)),
        [case],
        [other],
    )
    deadline = created[0]
    _moves(lambda: Deadline.objects.filter(pk=deadline.pk).update(due_on=today), [], [case])
    _moves(
        lambda: Deadline.objects.filter(pk=deadline.pk).update(due_on=today - timedelta(days=1)),
        [case],
        [other],
    )
    _moves(lambda: Deadline.objects.filter(pk=deadline.pk).update(state="closed"), [case], [other])
    _moves(lambda: deadline.delete(), [case], [other])


def test_a_deadline_column_the_representation_does_not_show_moves_nothing(two):
    from django.utils import timezone

    world, case, other = two
    _moves(
        lambda: Deadline.objects.filter(case=case).update(escalated_at=timezone.now()),
        [],
        [case, other],
    )


# Tasks --------------------------------------------------------------------------------------


def test_a_task_claimed_by_queryset_update_or_saved_moves_its_case(two):
    world, case, other = two
    task = open_task(case)
    _moves(
        lambda: Task.objects.filter(pk=task.pk).update(owner=world.secretary, status="ASSIGNED"),
        [case],
        [other],
    )
    task.refresh_from_db()

    def release():
        task.owner = None
        task.status = "NEW"
        task.save()

    _moves(release, [case], [other])
    _moves(
        lambda: Task.objects.filter(pk=task.pk).update(owner_permission="cases.committee_0"),
        [case],
        [other],
    )


def test_a_task_created_or_deleted_moves_its_case(two):
    world, case, other = two
    template = open_task(case)
    created = []

    def create():
        created.append(
            Task.objects.create(
                process_id=template.process_id,
                flow_task=template.flow_task,
                flow_task_type="HUMAN",
                owner_permission=template.owner_permission,
            )
        )

    _moves(create, [case], [other])
    _moves(lambda: created[0].delete(), [case], [other])


def test_a_task_s_data_or_a_task_of_no_case_moves_nothing(two):
    world, case, other = two
    task = open_task(case)
    _moves(lambda: Task.objects.filter(pk=task.pk).update(data={"x": 1}), [], [case, other])

    def orphan():
        process = Process.objects.create(flow_class=case.process.flow_class)
        Task.objects.create(process=process, flow_task=task.flow_task, flow_task_type="HUMAN")

    _moves(orphan, [], [case, other])


def test_a_committee_renamed_moves_the_cases_whose_tasks_it_may_take(two):
    world, case, other = two
    assert open_task(case).owner_permission == world.secretariat.role
    _moves(lambda: other.process.task_set.update(owner_permission=""), [], [case])

    def rename():
        world.secretariat.name = "Sekretariatet for samhandling"
        world.secretariat.save()

    _moves(rename, [case], [other])
    _moves(lambda: world.ssu.__class__.objects.filter(pk=world.ssu.pk).update(name="X"), [], [case])


def test_the_assignee_renamed_moves_the_case_and_a_login_moves_nothing(two):
    world, case, other = two
    engine.task_claim(task_id=open_task(case).pk, user=world.secretary)
    user = world.secretary
    _moves(lambda: update_last_login(None, user), [], [case, other])

    def rename():
        user.username = "sekretar_ny"
        user.save()

    _moves(rename, [case], [other])
    _moves(lambda: type(user).objects.filter(pk=user.pk).update(email="ny@example.no"), [], [case])


# Links --------------------------------------------------------------------------------------


def test_a_link_created_changed_or_deleted_moves_both_cases(two):
    world, case, other = two
    third = _submit(world)
    links = []
    _moves(
        lambda: links.append(CaseLink.objects.create(case=case, other=other, relation="related")),
        [case, other],
        [third],
    )
    link = links[0]
    _moves(
        lambda: CaseLink.objects.filter(pk=link.pk).update(other=third), [case, other, third], []
    )
    _moves(lambda: Case.objects.filter(pk=third.pk).update(kind="dispute"), [case, third], [other])
    _moves(lambda: link.delete(), [case, third], [other])


def test_a_write_on_another_case_moves_only_that_case(two):
    world, case, other = two
    _moves(lambda: record_event(other, actor=None, action="note"), [other], [case])


# One transaction, one value (PostgreSQL) ---------------------------------------------------


@pytest.mark.postgres
def test_one_transaction_changing_a_case_in_several_tables_gives_it_one_new_value(two):
    if connection.vendor != "postgresql":
        pytest.skip("the one value per transaction is PostgreSQL's (set DATABASE_URL)")
    world, case, other = two

    def last_value():
        with connection.cursor() as cursor:
            cursor.execute("SELECT last_value FROM cases_case_change_seq")
            return cursor.fetchone()[0]

    start = last_value()
    with transaction.atomic():
        Case.objects.filter(pk=case.pk).update(title="Ny tittel")
        case.parties.add(PartyFactory(community=world.community, name="Lenvik kommune"))
        Deadline.objects.create(case=case, rule="screening", due_on=calendar.today())
        Task.objects.filter(pk=open_task(case).pk).update(owner=world.secretary, status="ASSIGNED")
        world.secretary.username = "sekretar_ny"
        world.secretary.save()
        record_event(case, actor=world.secretary, action="note")
    assert last_value() == start + 1
    assert _seqs([case])[case.pk] == start + 1


@pytest.mark.postgres
def test_a_commit_waits_for_a_case_s_writer_before_taking_the_numbering_lock(two):
    """T1 holds case A's row and commits after T2, which renamed a party of A (no case row
    locked before its commit). T2 numbering at commit must wait for T1 before it takes the
    lock that orders commits, or T1 would wait at its commit for that lock while T2 waits for
    A's row: a deadlock, and one of them failed."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL transactions that overlap (set DATABASE_URL)")
    import threading

    from tests.api.test_changed_after_pg import _in_thread

    world, a, b = two
    party = a.parties.first()
    start = _seqs([a, b])
    holding, commit_t1, t2_pid = threading.Event(), threading.Event(), []

    def t1():
        with transaction.atomic():
            Case.objects.select_for_update().filter(pk=a.pk).update(title="T1")
            holding.set()
            assert commit_t1.wait(timeout=20)

    def t2():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            t2_pid.append(cursor.fetchone()[0])
        type(party).objects.filter(pk=party.pk).update(name="T2")

    t1_thread, t1_errors = _in_thread(t1)
    assert holding.wait(timeout=20), t1_errors
    t2_thread, t2_errors = _in_thread(t2)
    waiting = False
    for _ in range(2000):  # until T2 waits for a lock at its commit (or is done)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE NOT granted AND pid = ANY(%s)", [t2_pid]
            )
            waiting = cursor.fetchone()[0] > 0
        if waiting or not t2_thread.is_alive():
            break
        threading.Event().wait(0.01)
    assert waiting, "T2 should wait for T1's row of case A"
    commit_t1.set()
    for thread in (t1_thread, t2_thread):
        thread.join(timeout=30)
        assert not thread.is_alive()
    assert t1_errors == [] and t2_errors == []
    after = _seqs([a, b])
    assert min(after.values()) > max(start.values())
    assert Case.objects.get(pk=a.pk).title == "T1"
    assert type(party).objects.get(pk=party.pk).name == "T2"
