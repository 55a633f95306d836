"""Driving viewflow tasks the way viewflow's own views do (STYLE 6), for the API and the UI.

Lock the process (the lock's block is the transaction), check the user's right (403) and
then the task's state (409) ourselves, then act. viewflow and django-fsm do not enforce
permissions on call.
"""

from collections.abc import Callable
from contextlib import contextmanager

from django.db import transaction
from viewflow.workflow.exceptions import FlowLockFailed
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from cases.errors import Conflict, DomainError, Forbidden, NotFound, ValidationFailed, field_error
from cases.models import Case, CommitteeKind
from cases.roles import forget_roles, role_in
from cases.services.deadlines import deadline_close
from cases.services.events import record_event
from cases.services.lifecycle import holding, locked_by_pk
from workflows.models import CaseProcess
from workflows.registry import node_spec, spec_for_flow

OPEN_STATES = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)


class Busy(DomainError):
    """Another request holds the case right now."""

    status = 503
    code = "case_busy"


def case_of(task: Task):
    return task.process.caseprocess.case.specific


def _get_task(task_id: int) -> Task:
    try:
        task = Task.objects.select_related("process").get(pk=task_id)
    except Task.DoesNotExist as exc:
        raise NotFound("Oppgaven finnes ikke.") from exc
    return task


def _busy() -> Busy:
    return Busy("Saken behandles av noen andre akkurat nå. Prøv igjen om litt.")


def _with_case():
    """The task with its process, the process's case and the case as its kind's class, in
    one query: what `case_of` and viewflow's activation read next."""
    case = "process__caseprocess__case"
    subclasses = [
        f"{case}__{model._meta.model_name}"
        for model in Case.kinds().values()
        if not model._meta.proxy and model is not Case
    ]
    return Task.objects.select_related(case, *subclasses)


def _with_locked_case(task_id: int, spec) -> Task:
    """The task with its process, and its case read under the case's row lock (process row
    first, then case row, as in every action) with what the process reads of it
    (`ProcessSpec.case_related`): the instance the step's service is given by `locked`
    (`holding`), so the case is read once in a completion."""
    task = Task.objects.select_related("process__caseprocess").get(pk=task_id)
    caseprocess = task.process.caseprocess
    caseprocess.case = locked_by_pk(spec.case_model, caseprocess.case_id, *spec.case_related)
    return task


def _run_locked(task_id: int, body: Callable, *, hold_case: bool = False):
    """Run `body(task)` under the flow lock, on the task (and its case) read after the lock
    was taken; with `hold_case`, the case is read under its row lock and held (a completion)."""
    task = _get_task(task_id)
    flow_class = task.flow_task.flow_class
    spec = spec_for_flow(flow_class) if hold_case else None
    try:
        with flow_class.lock(task.process_id):
            if spec is None:
                return body(_with_case().get(pk=task_id))
            task = _with_locked_case(task_id, spec)
            with holding(case_of(task)):
                return body(task)
    except FlowLockFailed as exc:
        raise _busy() from exc


@contextmanager
def case_locked(case_id):
    """Hold the lock every change of the case takes (its process's flow lock, or the case
    row when it has no process) to the end of the transaction, so a check made inside (a
    client's If-Match) still holds when the change is made. The actions inside take the
    same lock again, which their own transaction already holds."""
    process = CaseProcess.objects.filter(case_id=case_id).first()
    if process is None:
        with transaction.atomic():
            Case.objects.select_for_update().filter(pk=case_id).exists()
            yield
        return
    try:
        with process.flow_class.lock(process.pk):
            yield
    except FlowLockFailed as exc:
        raise _busy() from exc


def _record_task_event(activation, user, action: str, **extra) -> None:
    case = case_of(activation.task)
    record_event(
        case,
        actor=user,
        action=action,
        from_status=case.status,
        data={"task": activation.task.pk, "name": activation.flow_task.name, **extra},
    )


def holds_role(user, task: Task) -> bool:
    """The user has the role the task asks for: its committee's permission, or, for a task
    the flow assigns to a person, what its node spec's `may_hold` says (nobody without it).
    Deny by default: a task without a role is not free for all."""
    if task.owner_permission:
        return user.has_perm(task.owner_permission)
    node = node_spec(task.flow_task)
    return bool(node and node.may_hold and node.may_hold(user, case_of(task)))


def require_role_or_owner(user, task: Task) -> None:
    """Deny first: without the task's role (and not its owner) the answer is 403, whatever
    state the task is in; only those who could act learn of a state problem (409)."""
    if task.owner_id != user.pk and not holds_role(user, task):
        raise Forbidden("Du har ikke rollen som kreves for denne oppgaven.")


def claim(activation, user) -> Task:
    """Take a task (inside the flow lock): 403 without the role, 409 if it is taken or closed."""
    require_role_or_owner(user, activation.task)
    if activation.task.status != STATUS.NEW or not activation.assign.can_proceed():
        raise Conflict("Oppgaven er allerede tatt eller avsluttet.", code="task_not_claimable")
    if not activation.assign.has_perm(user):
        raise Forbidden("Du har ikke rollen som kreves for denne oppgaven.")
    activation.assign(user)
    _record_task_event(activation, user, "task_claimed")
    return activation.task


def release(activation, user) -> Task:
    """Put a task back in the queue (inside the flow lock)."""
    require_role_or_owner(user, activation.task)
    if activation.task.status != STATUS.ASSIGNED or not activation.unassign.can_proceed():
        raise Conflict("Oppgaven er ikke tildelt noen.", code="task_not_assigned")
    if not activation.unassign.has_perm(user):
        raise Forbidden("Bare den som har oppgaven kan legge den tilbake.")
    activation.unassign()
    _record_task_event(activation, user, "task_released")
    return activation.task


def can_reassign(user, case) -> bool:
    """Who distributes the work of a kind of case (`ProcessSpec.reassigned_by`; the
    community's secretariat unless the process names others) may give any open task to
    someone who holds the task's role."""
    from .registry import spec_for_kind

    spec = spec_for_kind(case.kind)
    kinds = spec.reassigned_by if spec is not None else (CommitteeKind.SECRETARIAT,)
    return any(role_in(user, case.community, kind) for kind in kinds)


def require_reassign(user, task: Task) -> None:
    """403 unless the user may reassign the task (checked before its input is read)."""
    if not can_reassign(user, case_of(task)):
        raise Forbidden("Du kan ikke fordele denne oppgaven på nytt.")


def reassign(activation, user, to_user) -> Task:
    """Give an open task to `to_user` (inside the flow lock): 403 unless the user may
    reassign, 400 unless `to_user` holds the task's role, 409 unless the task is open."""
    task = activation.task
    require_reassign(user, task)
    forget_roles(to_user)
    if not to_user.is_active or not to_user.has_perm(task.owner_permission):
        raise ValidationFailed(
            "Personen har ikke rollen som kreves for oppgaven.",
            errors=[field_error("user", "Har ikke rollen som kreves.", "not_member")],
        )
    previous = task.owner
    if task.status == STATUS.NEW and activation.assign.can_proceed():
        activation.assign(to_user)
    elif task.status == STATUS.ASSIGNED and activation.reassign.can_proceed():
        activation.reassign(to_user)
    else:
        raise Conflict("Oppgaven er ikke åpen for ny fordeling.", code="task_not_open")
    _record_task_event(
        activation,
        user,
        "task_reassigned",
        previous=previous.pk if previous else None,
        assignee=to_user.pk,
    )
    return activation.task


def task_reassign(*, task_id: int, user, to_user) -> Task:
    return _run_locked(
        task_id, lambda task: reassign(task.flow_task.activation_class(task), user, to_user)
    )


def task_claim(*, task_id: int, user) -> Task:
    return _run_locked(task_id, lambda task: claim(task.flow_task.activation_class(task), user))


def task_release(*, task_id: int, user) -> Task:
    return _run_locked(task_id, lambda task: release(task.flow_task.activation_class(task), user))


def finish(activation, apply: Callable[[object], object]):
    """Complete a started human task: the case service decides, then the flow moves on.

    Called inside the flow lock and a transaction, by viewflow's view wrapper (web) or by
    `task_complete` (API). `apply(case)` calls exactly one case service.
    """
    case = case_of(activation.task)
    result = apply(case)
    deadline_close(case, task_id=activation.task.pk)
    activation.execute()
    return result


def task_complete(*, task_id: int, user, apply: Callable[[object], object]):
    def body(task):
        require_role_or_owner(user, task)
        if task.status not in (STATUS.ASSIGNED, STATUS.STARTED):
            raise Conflict("Oppgaven er allerede fullført eller ikke tatt.", code="task_not_open")
        if task.owner_id != user.pk:
            raise Forbidden("Du kan bare fullføre oppgaver du selv har tatt.")
        activation = task.flow_task.activation_class(task)
        activation.start(None)
        return finish(activation, apply)

    return _run_locked(task_id, body, hold_case=True)


def open_tasks_of(case_ids) -> dict:
    """Open human tasks per case, in one query."""
    tasks = (
        Task.objects.filter(
            process__caseprocess__case_id__in=list(case_ids),
            flow_task_type="HUMAN",
            status__in=OPEN_STATES,
        )
        .select_related("owner", "process__caseprocess")
        .order_by("created", "pk")
    )
    result: dict = {}
    for task in tasks:
        result.setdefault(task.process.caseprocess.case_id, []).append(task)
    return result


def inbox(user):
    return Task.objects.filter(
        owner=user, status__in=(STATUS.ASSIGNED, STATUS.STARTED), flow_task_type="HUMAN"
    )


def queue(user):
    perms = user.get_all_permissions()
    return Task.objects.filter(
        status=STATUS.NEW, flow_task_type="HUMAN", owner_permission__in=perms
    )
