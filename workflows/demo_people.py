"""A demo user: shared by the data of each demo community."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Person:
    username: str
    first_name: str
    last_name: str
    party: str | None  # party name, None for patients and other proposers
    title: str
