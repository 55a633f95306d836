"""The benchmark's own PostgreSQL database: made fresh for a run, dropped afterwards."""

import os
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import psycopg

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/saksflyt_bench"


def bench_url() -> str:
    """SAKSFLYT_BENCH_DATABASE_URL, or the default. Its database is dropped and made again,
    so its name must say it is the benchmark's."""
    url = os.environ.get("SAKSFLYT_BENCH_DATABASE_URL", DEFAULT_URL)
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit("Ytelsesmålingen trenger PostgreSQL (SAKSFLYT_BENCH_DATABASE_URL).")
    if "bench" not in parts.path:
        raise SystemExit(f"Databasenavnet må inneholde «bench» (den slettes): {parts.path}")
    return url


def _admin(url: str):
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(
        (
            parts.scheme.replace("postgres", "postgresql", 1)
            if parts.scheme == "postgres"
            else parts.scheme,
            parts.netloc,
            "/postgres",
            "",
            "",
        )
    )
    return name, admin


def create(url: str) -> None:
    name, admin = _admin(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop(url: str) -> None:
    name, admin = _admin(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def fresh(url: str, *, keep: bool = False):
    create(url)
    try:
        yield url
    finally:
        if not keep:
            drop(url)
