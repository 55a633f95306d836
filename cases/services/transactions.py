"""A service's transaction: its own when called alone, a savepoint when called inside a
transaction, and neither when called directly in an action's block.

An action (the flow lock's block, `workflows.locks`, or the opening of a case and its flow)
runs its services in its own transaction. A savepoint of a service directly in that block
guards nothing: an error in the service leaves the action by the same exception, and the
block rolled back is the action's (itself a savepoint inside an outer transaction). That
saves two statements per service call. The code of an action does not catch a service's
error and go on in the same block; whoever must (viewflow's step page renders the form
again) opens a block of its own around the call, and the service then takes its savepoint
as usual, as it does when a caller outside any action calls it inside a transaction.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.db import DEFAULT_DB_ALIAS, connections, transaction

# (connection, depth of atomic blocks, memo) of the innermost action block, in this context.
_action: ContextVar[tuple | None] = ContextVar("saksflyt_action_block", default=None)


def _db():
    return connections[DEFAULT_DB_ALIAS]


@contextmanager
def action_block():
    """The transaction of one action: a transaction, or a savepoint inside an outer one."""
    with transaction.atomic():
        db = _db()
        token = _action.set((db, len(db.savepoint_ids), {}))
        try:
            yield
        finally:
            _action.reset(token)


def directly_in_action() -> bool:
    """Whether the code runs in an action's block with no savepoint opened inside it (only
    blocks without one, as the services' own): nothing here is rolled back but the whole
    action."""
    marker = _action.get()
    if marker is None:
        return False
    db, depth, _ = marker
    return (
        db is _db()
        and db.in_atomic_block
        and len(db.savepoint_ids) >= depth
        and all(sid is None for sid in db.savepoint_ids[depth:])
    )


def action_memo() -> dict | None:
    """A dict that lives as long as the innermost action's block, for what stays true to its
    end (what was read, or written where `directly_in_action`); None outside an action."""
    marker = _action.get()
    return marker[2] if marker is not None and marker[0] is _db() else None


def service_transaction(service):
    """Decorate a service with its transaction (see the module's text)."""

    @wraps(service)
    def run(*args, **kwargs):
        with transaction.atomic(savepoint=not directly_in_action()):
            return service(*args, **kwargs)

    return run


__all__ = ["action_block", "action_memo", "directly_in_action", "service_transaction"]
