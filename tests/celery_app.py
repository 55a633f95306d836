"""Point the Celery app at a broker for one test, and back."""

from contextlib import contextmanager

from config.celery import app


def _reset_pools() -> None:
    # Celery keeps a connection and a producer pool per broker URL; forget ours so the next
    # publish connects to the broker configured now.
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def broker(url: str, *, eager: bool = False):
    old = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.broker_url, app.conf.task_always_eager = url, eager
    _reset_pools()
    try:
        yield app
    finally:
        app.conf.broker_url, app.conf.task_always_eager = old
        _reset_pools()
