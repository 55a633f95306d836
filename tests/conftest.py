import pytest

from tests.factories import build_world


@pytest.fixture(autouse=True)
def _fresh_representations():
    """Each test starts with no cached case representation: tests that reuse fixed ids, or a
    flushed database that numbers changes from the start again, must not see another test's."""
    from api.representation import entries

    entries.clear()


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def api():
    """Calls the REST API as one user after another (see tests/api/conftest.py)."""
    from tests.api.conftest import Api

    return Api()


@pytest.fixture
def review(settings):
    """The test-only second process (tests/workflows/second_process.py), registered, with the
    project's URLs built again from the registry."""
    from tests.workflows import second_process
    from workflows import registry

    registry.register(second_process.spec())
    second_process.urlpatterns[:] = second_process.urlpatterns_with_registry()
    settings.ROOT_URLCONF = "tests.workflows.second_process"
    yield second_process
    registry.unregister(second_process.KIND)
