"""Tests: the database comes from DATABASE_URL (PostgreSQL in CI), SQLite otherwise."""

import atexit
import shutil
import tempfile

from .dev import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405

# Uploaded documents go to a throwaway folder, never into the checkout.
MEDIA_ROOT = tempfile.mkdtemp(prefix="saksflyt-test-media-")
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
