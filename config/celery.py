"""The Celery app: a worker sends e-mail from the outbox, beat runs the sweep.

    celery -A config worker
    celery -A config beat

Broker: CELERY_BROKER_URL (Redis; redis://127.0.0.1:6379/0 by default). The embedded default
and the tests run tasks eagerly, so they need no Redis (config.settings.dev).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("saksflyt")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
