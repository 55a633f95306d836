"""Production: every secret and address must be given; nothing insecure by default."""

from config.env import env

from .base import *  # noqa: F403

SECRET_KEY = env.str("DJANGO_SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
DATABASES = {"default": database(max_age=60)}  # noqa: F405
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and appends the client to
# X-Forwarded-For). HTTPS is enforced here by default (redirect, HSTS); turn either off through
# the environment if the proxy does it instead, and silence the matching `check --deploy`
# warning with DJANGO_SILENCED_SYSTEM_CHECKS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = env.list("DJANGO_SECURE_REDIRECT_EXEMPT", default=[])
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SILENCED_SYSTEM_CHECKS = env.list("DJANGO_SILENCED_SYSTEM_CHECKS", default=[])
SAKSFLYT_PROXY_COUNT = env.int("SAKSFLYT_PROXY_COUNT", default=1)
SAKSFLYT_DEMO_ALLOWED = False
CELERY_TASK_ALWAYS_EAGER = False
