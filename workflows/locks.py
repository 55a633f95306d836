"""The flow lock every process uses: a blocking row lock on the process, bounded in time.

viewflow's `select_for_update_lock` polls with NOWAIT and sleeps between attempts. Inside an
outer transaction (the API's idempotency record wraps a completion in one) a refused NOWAIT
aborts that transaction, and the next attempt fails with "current transaction is aborted":
a 500 instead of a 409. A blocking `SELECT … FOR UPDATE` waits for the holder to commit
(tens of milliseconds instead of 0.4–0.8 s) and, when `lock_timeout` runs out, raises
`FlowLockFailed` (the engine's 503 `case_busy`).

The lock's own `atomic()` is the only block it opens: inside an outer transaction it is a
savepoint, so a timed-out lock rolls back only that savepoint (the outer transaction stays
usable); as the outermost block it is the transaction, and nothing has happened in it yet.
A second savepoint around the lock statement alone would add two statements to every action
and guard nothing more. The code inside the lock needs no `atomic()` of its own either, and
the lock's block is an action's (`cases.services.transactions.action_block`): the services
called directly in it take no savepoint of their own.
"""

from contextlib import contextmanager

from django.db import OperationalError, connection
from viewflow.workflow.exceptions import FlowLockFailed

from cases.services.transactions import action_block

LOCK_TIMEOUT_MS = 5000


class RowLock:
    def __init__(self, timeout_ms: int = LOCK_TIMEOUT_MS):
        self.timeout_ms = timeout_ms

    @contextmanager
    def __call__(self, flow_class, process_pk):
        with action_block():
            try:
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute(f"SET LOCAL lock_timeout = {int(self.timeout_ms)}")
                manager = flow_class.process_class._default_manager
                manager.filter(pk=process_pk).select_for_update().exists()
            except OperationalError as exc:
                raise FlowLockFailed(f"Lock failed for {flow_class}") from exc
            yield


row_lock = RowLock()
