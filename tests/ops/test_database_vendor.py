"""CI runs the suite on PostgreSQL: .ci/run sets SAKSFLYT_REQUIRE_POSTGRES=1 and checks this."""

import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_suite_database_vendor():
    if os.environ.get("SAKSFLYT_REQUIRE_POSTGRES") == "1":
        assert connection.vendor == "postgresql", connection.vendor
    else:
        assert connection.vendor in {"sqlite", "postgresql"}
