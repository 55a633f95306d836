"""Production settings for the fault tests' live server (tests/ops/fault_server.py): fast
password hashing for the test users and an in-memory broker, so no queue is shared."""

from config.settings.production import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_BROKER_URL = "memory://"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
