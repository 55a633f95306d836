"""Who is looking (`Viewer.of`), read on every request: the user's profile and committee
seats in two queries, and the seats fill the committee-id cache the rights checks use."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import CommitteeKind
from cases.roles import Viewer, committee_ids


def test_viewer_reads_profile_and_seats_in_two_queries_and_fills_the_role_cache(world):
    user = type(world.secretary).objects.get(pk=world.secretary.pk)  # nothing cached yet
    with CaptureQueriesContext(connection) as queries:
        viewer = Viewer.of(user)
        ids = committee_ids(user)
    assert len(queries) == 2, [q["sql"] for q in queries.captured_queries]
    assert ids == {world.secretariat.pk}
    assert viewer.party_id == world.trust.pk
    assert viewer.communities_where(CommitteeKind.SECRETARIAT) == {world.community.pk}
