"""One world for the whole package: the demo is loaded once inside an outer transaction, each
test runs in a savepoint of it (pytest-django's `db`), and the outer transaction is rolled
back when the package is done, so no other test sees the demo."""

import pytest
from django.db import connection, transaction

from .world import build_world


@pytest.fixture(scope="package")
def demo_world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = build_world()
            # Fire the deferred triggers of the demo (the change numbers, cases.changes) here,
            # as its commit would. Left queued, each test's constraint check would fire them
            # all again inside its savepoint, and its rollback would queue them again.
            connection.check_constraints()
            yield world
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def w(demo_world, db):
    """The world, inside this test's own savepoint."""
    return demo_world
