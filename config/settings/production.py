"""Production: every secret and address must be given; nothing insecure by default."""

from config.env import env

from .base import *  # noqa: F403

SECRET_KEY = env.str("DJANGO_SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
DATABASES = {"default": database(max_age=60)}  # noqa: F405
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SAKSFLYT_DEMO_ALLOWED = False
CELERY_TASK_ALWAYS_EAGER = False
