"""Development and the embedded default: SQLite, console e-mail, demo data allowed."""

from config.env import env

from .base import *  # noqa: F403

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-not-a-secret")
DEBUG = env.bool("DJANGO_DEBUG", default=True)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
SAKSFLYT_DEMO_ALLOWED = True
# No Redis needed here: tasks run in the request, and `manage.py sweep --every 30` (started by
# ./bin/serve) sends what is still unsent.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
