"""The ladders and the interest rates are edited in the admin."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from cases.ladder_data import LADDER_B
from cases.models import DisputeLadder, InterestRate
from tests.factories import UserFactory


def test_a_ladder_and_its_stages_open_in_the_admin(client, db):
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    ladder = DisputeLadder.objects.get(slug=LADDER_B)
    response = client.get(f"/admin/cases/disputeladder/{ladder.pk}/change/")
    assert response.status_code == 200
    assert "Nord-Troms og Senja tingrett" in response.content.decode()
    rate = InterestRate.objects.first()
    assert client.get(f"/admin/cases/interestrate/{rate.pk}/change/").status_code == 200


def test_an_interest_rate_starts_a_half_year(db):
    with pytest.raises(ValidationError):
        InterestRate(half_year_start=date(2024, 3, 1), rate=12).full_clean()
