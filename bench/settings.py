"""The server configuration every benchmark measures: production settings, on loopback.

Only what a loopback benchmark cannot have differs from production: no TLS proxy in front
(the load generator says `X-Forwarded-Proto: https` as the proxy would), fast password hashing
for the generated users, an in-memory broker, and the bench URLconf, which adds the bare
endpoints the API is measured against (`bench/urls.py`). Nothing here is in the product.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

from config.settings.production import *  # noqa: E402, F403

ROOT_URLCONF = "bench.urls"
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_BROKER_URL = "memory://"
CELERY_TASK_ALWAYS_EAGER = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
