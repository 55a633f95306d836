"""Settings shared by every environment. Values come from `config.env.env` only."""

from config.env import BASE_DIR, env

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "viewflow",
    "viewflow.workflow",
    "cases",
    "workflows",
    "api",
]

MIDDLEWARE = [
    "api.middleware.ApiProblemMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "workflows.web.middleware.DatabaseBusyMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "workflows" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "workflows.web.context.saksflyt",
            ],
        },
    },
]


def database(*, max_age: int = 0, **default) -> dict:
    """The database of DATABASE_URL. A connection is kept for DJANGO_CONN_MAX_AGE seconds and
    checked before a request uses it again, so one broken by a database restart is replaced
    instead of failing the request (CONN_HEALTH_CHECKS)."""
    db = env.db("DATABASE_URL", **default)
    db["ATOMIC_REQUESTS"] = False
    db["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=max_age)
    db["CONN_HEALTH_CHECKS"] = True
    return db


DATABASES = {"default": database(default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# The embedded default serves several clients at once: readers never wait for the writer (WAL),
# a transaction takes the write lock when it begins rather than half-way (IMMEDIATE, so two
# writers queue instead of failing on the upgrade), and a writer waits up to
# SAKSFLYT_SQLITE_TIMEOUT seconds for the lock. Past that the API answers 503 database_busy.
SAKSFLYT_SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": env.int("SAKSFLYT_SQLITE_TIMEOUT", default=20),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SAKSFLYT_SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Case representations clients poll (`api.representation`), kept by each worker as built,
# named by case and change number so a stale one is never served: how many it keeps.
SAKSFLYT_REPRESENTATIONS_KEPT = env.int("SAKSFLYT_REPRESENTATIONS_KEPT", default=5_000)

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "cases.roles.RoleBackend",
    "workflows.auth.FlowAccessBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "/accounts/login/"
# Sign-in lockout and throttling (cases/services/sign_in.py), shared by the web, admin and API
# logins: a user name is locked for LOCKOUT_MINUTES after LOCKOUT_FAILURES refused sign-ins within
# LOCKOUT_WINDOW_MINUTES; one address is throttled after THROTTLE_FAILURES within THROTTLE_MINUTES.
SAKSFLYT_LOCKOUT_FAILURES = env.int("SAKSFLYT_LOCKOUT_FAILURES", default=10)
SAKSFLYT_LOCKOUT_WINDOW_MINUTES = env.int("SAKSFLYT_LOCKOUT_WINDOW_MINUTES", default=15)
SAKSFLYT_LOCKOUT_MINUTES = env.int("SAKSFLYT_LOCKOUT_MINUTES", default=15)
SAKSFLYT_LOGIN_THROTTLE_FAILURES = env.int("SAKSFLYT_LOGIN_THROTTLE_FAILURES", default=20)
SAKSFLYT_LOGIN_THROTTLE_MINUTES = env.int("SAKSFLYT_LOGIN_THROTTLE_MINUTES", default=10)
# How many proxies in front append to X-Forwarded-For (0: use the socket's peer address).
SAKSFLYT_PROXY_COUNT = env.int("SAKSFLYT_PROXY_COUNT", default=0)
# API tokens (api/authentication.py) expire this long after they were issued.
SAKSFLYT_TOKEN_LIFETIME_HOURS = env.int("SAKSFLYT_TOKEN_LIFETIME_HOURS", default=8)
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))

# Documents on cases: stored through Django's storage API, never served as static files (the
# download view checks the case's visibility). MEDIA_URL is deliberately not routed.
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media"))
SAKSFLYT_DOCUMENT_MAX_BYTES = env.int("SAKSFLYT_DOCUMENT_MAX_MB", default=20) * 1024 * 1024

EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend"
)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="saksflyt@helsefellesskap.no")
SAKSFLYT_BASE_URL = env.str("SAKSFLYT_BASE_URL", default="http://127.0.0.1:8000")

# Choice fields as fieldset/legend groups and native labelled selects (workflows/web/widgets.py),
# not viewflow's own Material widgets.
VIEWFLOW = {
    "AUTOREGISTER": True,
    "WIDGET_RENDERERS": {
        "django.forms.RadioSelect": "workflows.web.widgets.RadioFieldsetRenderer",
        "django.forms.CheckboxSelectMultiple": "workflows.web.widgets.CheckboxFieldsetRenderer",
        "django.forms.Select": "workflows.web.widgets.NativeSelectRenderer",
    },
}

# Background work (config/celery.py): a worker sends e-mail, beat runs the sweep.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/0")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Europe/Oslo"
# A broker that is down must not hold a request: fail fast; the sweep sends what is unsent.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "sweep": {
        "task": "workflows.tasks.sweep",
        "schedule": env.int("SAKSFLYT_SWEEP_SECONDS", default=60),
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.problem_exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.BoundedJSONParser"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Saksflyt API",
    "DESCRIPTION": "REST-API for saker i helsefellesskapet: oppgaveoverføring, "
    "fakturainnsigelser og tvisteløsning.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.document_generic_problems",
    ],
    "ENUM_NAME_OVERRIDES": {
        "KindEnum": ["task_transfer", "invoice_objection", "dispute"],
        "CommitteeKindEnum": "cases.models.CommitteeKind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"query_literals_redacted": {"()": "config.log_filters.QueryLiteralsRedacted"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    # R-AUD-2: the SQL debug log never carries the queries' text values (NPR-IDs).
    "loggers": {"django.db.backends": {"filters": ["query_literals_redacted"]}},
}
