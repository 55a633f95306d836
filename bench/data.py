"""The realistic part of the data: people, and task-transfer cases with open tasks, made
through the real services; and API tokens for the people who poll."""

from dataclasses import dataclass

from rest_framework.test import APIClient

from tests.factories import proposal
from tests.journey import open_task
from workflows import engine
from workflows.task_transfer.actions import submit_proposal

HEADERS = {"HTTP_X_FORWARDED_PROTO": "https", "SERVER_NAME": "127.0.0.1"}


@dataclass
class Population:
    cases: list
    inbox_small: int
    inbox_large: int
    spare: list  # cases whose screening task is left open for the completion budget


def populate(cast, *, inbox_small: int, inbox_large: int, spare: int = 3) -> Population:
    w = cast.world
    total = inbox_small + inbox_large + spare
    cases = [
        submit_proposal(
            community=w.community, proposer=w.proposer, data=proposal(title=f"Polling {i}")
        )
        for i in range(total)
    ]
    owners = [w.secretary] * inbox_large + [w.secretary2] * inbox_small
    for case, user in zip(cases, owners, strict=False):
        engine.task_claim(task_id=open_task(case, "screen").pk, user=user)
    return Population(cases, inbox_small, inbox_large, cases[len(owners) :])


def api_client() -> APIClient:
    return APIClient(**HEADERS)


def token_for(user) -> str:
    response = api_client().post(
        "/api/v1/auth/token/", {"username": user.username, "password": "demo"}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]
