"""The flow lock every process uses: a blocking row lock on the process, bounded in time.

viewflow's `select_for_update_lock` polls with NOWAIT and sleeps between attempts. Inside an
outer transaction (the API's idempotency record wraps a completion in one) a refused NOWAIT
aborts that transaction, and the next attempt fails with "current transaction is aborted":
a 500 instead of a 409. A blocking `SELECT … FOR UPDATE` in its own savepoint waits for the
holder to commit (tens of milliseconds instead of 0.4–0.8 s) and, when `lock_timeout` runs
out, rolls back only the savepoint and raises `FlowLockFailed` (the engine's 503 `case_busy`).
"""

from contextlib import contextmanager

from django.db import OperationalError, connection, transaction
from viewflow.workflow.exceptions import FlowLockFailed

LOCK_TIMEOUT_MS = 5000


class RowLock:
    def __init__(self, timeout_ms: int = LOCK_TIMEOUT_MS):
        self.timeout_ms = timeout_ms

    @contextmanager
    def __call__(self, flow_class, process_pk):
        with transaction.atomic():
            try:
                with transaction.atomic():
                    if connection.vendor == "postgresql":
                        with connection.cursor() as cursor:
                            cursor.execute(f"SET LOCAL lock_timeout = {int(self.timeout_ms)}")
                    manager = flow_class.process_class._default_manager
                    manager.filter(pk=process_pk).select_for_update().exists()
            except OperationalError as exc:
                raise FlowLockFailed(f"Lock failed for {flow_class}") from exc
            yield


row_lock = RowLock()
