"""`manage.py check --deploy` under the production settings: no warnings with only the required
environment, and HTTPS enforcement can be turned off through the environment."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "k7#Qp2-vL9xZ!m4Rt8&wB1yN6cF3hJ0sD5gU@eA%oI*lK-zX2q9Wv4Tn",
    "DJANGO_ALLOWED_HOSTS": "saksflyt.example.no",
    # The check does not connect; the URL only has to name PostgreSQL.
    "DATABASE_URL": "postgres://saksflyt@db.invalid:5432/saksflyt",
}


def deploy_check(**extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_"))}
    env.update(PRODUCTION_ENV, **extra)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_has_no_warnings_under_production_settings():
    result = deploy_check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_ssl_redirect_and_hsts_can_be_turned_off_and_then_the_check_says_so():
    result = deploy_check(DJANGO_SECURE_SSL_REDIRECT="false", DJANGO_SECURE_HSTS_SECONDS="0")
    assert result.returncode != 0
    assert "security.W008" in result.stderr + result.stdout  # SSL redirect
    assert "security.W004" in result.stderr + result.stdout  # HSTS


def test_silenced_checks_come_from_the_environment():
    result = deploy_check(
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SILENCED_SYSTEM_CHECKS="security.W008",
    )
    assert result.returncode == 0, result.stdout + result.stderr
