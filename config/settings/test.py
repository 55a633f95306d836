"""Tests: the database comes from DATABASE_URL (PostgreSQL in CI), SQLite otherwise."""

import atexit
import shutil
import tempfile

from .dev import *  # noqa: F403

# The test suite is an app of its own, so the test-only second process (a model and a flow,
# tests/workflows/second_process.py) can register like any process does.
INSTALLED_APPS = [*INSTALLED_APPS, "tests"]  # noqa: F405

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405

# Uploaded documents go to a throwaway folder, never into the checkout.
MEDIA_ROOT = tempfile.mkdtemp(prefix="saksflyt-test-media-")
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
