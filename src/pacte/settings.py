"""Pacte settings: one module, everything an operator changes comes from the environment.

Variables: PACTE_DATA_DIR, DATABASE_URL, PACTE_SECRET_KEY, PACTE_DEBUG, PACTE_ALLOWED_HOSTS,
PACTE_CSRF_TRUSTED_ORIGINS, PACTE_EMAIL_URL-style settings (PACTE_EMAIL_*), PACTE_TIME_ZONE,
PACTE_SECURE_COOKIES, PACTE_HSTS_*, PACTE_SSL_REDIRECT, PACTE_TRUST_PROXY_HEADERS,
PACTE_ATTACHMENT_MAX_BYTES, PACTE_S3_BUCKET (and PACTE_S3_ENDPOINT_URL, PACTE_S3_REGION,
PACTE_S3_ACCESS_KEY_ID, PACTE_S3_SECRET_ACCESS_KEY).
Errors here are raised as ImproperlyConfigured with one sentence saying what to do: the CLI
prints that sentence and nothing else.
"""

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a yes/no value: use 1 or 0.")


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number (0 or more).")
    return number


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _prepare_data_dir(path: Path) -> Path:
    try:
        path.mkdir(parents=True, exist_ok=True)
        # One probe per process: several processes may start at once on a new folder.
        probe = path / f".write-test-{os.getpid()}"
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        raise ImproperlyConfigured(
            f"The data directory {path} cannot be written ({exc.strerror}): "
            "set PACTE_DATA_DIR to a folder this user may write to."
        ) from None
    return path


DATA_DIR = Path(os.environ.get("PACTE_DATA_DIR", "var")).expanduser().resolve()


def _secret_key() -> str:
    from_env = os.environ.get("PACTE_SECRET_KEY")
    if from_env:
        return from_env
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key = secrets.token_urlsafe(50)
        try:
            # Owner-only permissions: the key signs sessions and password-reset links.
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process created it first: use theirs
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(key)
            return key
    return key_file.read_text().strip()


DEBUG = _env_bool("PACTE_DEBUG", False)
ALLOWED_HOSTS = _env_list("PACTE_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = _env_list("PACTE_CSRF_TRUSTED_ORIGINS", "")


def _database() -> dict:
    url = os.environ.get("DATABASE_URL", "").strip()
    sqlite_options = {
        # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of failing
        # with "database is locked" half-way through a transaction.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=FULL;"  # the proof ledger must survive a power cut
            "PRAGMA foreign_keys=ON;"
        ),
    }
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "pacte.sqlite3",
            "OPTIONS": sqlite_options,
        }
    import dj_database_url

    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except (ValueError, KeyError):
        raise ImproperlyConfigured(
            "DATABASE_URL is malformed: use postgres://USER:PASSWORD@HOST:PORT/NAME, with a "
            "numeric port and special characters of the password percent-encoded (@ as %40), "
            "or leave it empty for SQLite."
        ) from None
    engine = config.get("ENGINE", "")
    if engine == "django.db.backends.sqlite3":
        config["OPTIONS"] = sqlite_options
    elif engine != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            f"DATABASE_URL names an unsupported database ({engine or url.split(':', 1)[0]}): "
            "Pacte runs on SQLite or PostgreSQL (postgres://…)."
        )
    if not config.get("NAME"):
        raise ImproperlyConfigured(
            "DATABASE_URL has no database name: use postgres://USER:PASSWORD@HOST:PORT/NAME."
        )
    return config


DATABASES = {"default": _database()}


def _database_pool() -> dict | None:
    """Django's connection pool (psycopg_pool) for PostgreSQL, used by the server processes
    of `pacte serve` only: a request borrows a connection instead of opening one. A one-shot
    command keeps a plain connection, so a wrong password is one clear error, not a pool
    retrying for 20 seconds."""
    size = _env_int("PACTE_DB_POOL_SIZE", 8)
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql" or size == 0:
        return None
    return {"min_size": 1, "max_size": size, "timeout": 20}


PACTE_DB_POOL = _database_pool()
# Only once the configuration is known to be sound is anything written to the data dir.
_prepare_data_dir(DATA_DIR)
SECRET_KEY = _secret_key()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "csp",
    "ninja",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "pacte.kernel",
    "pacte.workspace",
    "pacte.attachments",
    "pacte.clients",
    "pacte.reminders",
    "pacte.engagements",
    "pacte.billing",
    "pacte.decisions",
    "pacte.exchanges",
    "pacte.risks",
    "pacte.assets",
    "pacte.deadlines",
    "pacte.handoff",
    "pacte.consents",
    "pacte.support",
    "pacte.governance",
    "pacte.health",
    "pacte.conflicts",
    "pacte.casestudies",
    "pacte.reports",
    "pacte.portal",
    "pacte.dashboard",
    "pacte.search",
    "pacte.evidence",
    "pacte.portability",
    "pacte.csvimport",
    "pacte.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the query string (sessions, search, the API).
    "pacte.kernel.middleware.NulRefusalMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication (it reads request.user) and after WhiteNoise, which answers
    # static files before: those stay cacheable.
    "pacte.kernel.middleware.SecurityHeadersMiddleware",
    # The Content-Security-Policy (CONTENT_SECURITY_POLICY below) on every response.
    "csp.middleware.CSPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pacte.kernel.middleware.ActorMiddleware",
    # Idempotency-Key on the API's writes: inside the headers middleware, so replays get them.
    "pacte.kernel.idempotency.IdempotencyMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "pacte.urls"
WSGI_APPLICATION = "pacte.wsgi.application"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "pacte.kernel.context_processors.actor",
            ],
        },
    },
]
FORM_RENDERER = "pacte.kernel.forms.PacteFormRenderer"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): five failures for one address and one email lock that
# pair for fifteen minutes; a success resets the count. Failures from one network across
# accounts are Pacte's own throttle (below), not a second axes parameter: axes applies one
# limit to every alternative of AXES_LOCKOUT_PARAMETERS, so adding "ip_address" would lock a
# whole office behind one address after five typos.
AXES_FAILURE_LIMIT = _env_int("PACTE_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The login form posts the email as "username" (Django's AuthenticationForm).
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# The same client address as Pacte's own throttling (behind a trusted proxy: X-Forwarded-For).
AXES_CLIENT_IP_CALLABLE = "pacte.kernel.throttle.client_ip"

# Throttling (pacte.kernel.throttle), counted in the database so that every server process
# shares it. A limit of 0 turns that rule off. Windows: see README, Production.
PACTE_LOGIN_IP_FAILURE_LIMIT = _env_int("PACTE_LOGIN_IP_FAILURE_LIMIT", 30)  # per 15 min
PACTE_LOGIN_ADDRESS_FAILURE_LIMIT = _env_int("PACTE_LOGIN_ADDRESS_FAILURE_LIMIT", 50)  # per hour
PACTE_PASSWORD_RESET_ADDRESS_LIMIT = _env_int("PACTE_PASSWORD_RESET_ADDRESS_LIMIT", 3)  # per hour
PACTE_PASSWORD_RESET_IP_LIMIT = _env_int("PACTE_PASSWORD_RESET_IP_LIMIT", 20)  # per hour
PACTE_API_TOKEN_FAILURE_LIMIT = _env_int("PACTE_API_TOKEN_FAILURE_LIMIT", 50)  # per 10 min
PACTE_INVITATION_ADDRESS_LIMIT = _env_int("PACTE_INVITATION_ADDRESS_LIMIT", 5)  # per day
PACTE_INVITATION_IP_LIMIT = _env_int("PACTE_INVITATION_IP_LIMIT", 50)  # per hour
# Whether to believe a proxy's X-Forwarded-Proto and X-Forwarded-For (see below).
PACTE_TRUST_PROXY_HEADERS = _env_bool("PACTE_TRUST_PROXY_HEADERS", False)

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("PACTE_TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = DATA_DIR / "uploads"
# Static files come from the installed packages (htmx from django-htmx, Swagger UI from
# django-ninja): nothing is fetched from the internet, and no collectstatic step is needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Evidence files (attachments): a folder of PACTE_DATA_DIR, or an S3-compatible bucket when
# PACTE_S3_BUCKET is set (needs the `s3` extra: pip install 'pacte[s3]'). Files are stored by
# their SHA-256, never by the name a person gave them. "default" and "staticfiles" are
# Django's own defaults, written out because STORAGES replaces them as a whole.
PACTE_ATTACHMENT_MAX_BYTES = _env_int("PACTE_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)
_ATTACHMENTS_STORAGE: dict = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": DATA_DIR / "attachments", "base_url": None},
}
if os.environ.get("PACTE_S3_BUCKET", "").strip():
    _ATTACHMENTS_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["PACTE_S3_BUCKET"].strip(),
            "endpoint_url": os.environ.get("PACTE_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("PACTE_S3_REGION") or None,
            "access_key": os.environ.get("PACTE_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("PACTE_S3_SECRET_ACCESS_KEY") or None,
            # Private objects, served only through Pacte (which checks who may see them).
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": True,
        },
    }
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "attachments": _ATTACHMENTS_STORAGE,
}

# Every email goes through Pacte's outbox (pacte.kernel.mail): the request only stores it, and
# the background worker hands it to the transport below, retrying while the relay fails.
EMAIL_BACKEND = "pacte.kernel.mail.QueuedEmailBackend"
PACTE_EMAIL_DELIVERY_BACKEND = os.environ.get(
    "PACTE_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
if PACTE_EMAIL_DELIVERY_BACKEND == EMAIL_BACKEND:
    raise ImproperlyConfigured(
        "PACTE_EMAIL_BACKEND names the transport the queue delivers with (for example "
        "django.core.mail.backends.smtp.EmailBackend), not the queue itself."
    )
EMAIL_HOST = os.environ.get("PACTE_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("PACTE_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("PACTE_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("PACTE_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("PACTE_EMAIL_USE_TLS", False)
# A relay that accepts the connection and never answers must not hold a request (or a worker)
# for ever: socket operations on the SMTP connection give up after this many seconds.
EMAIL_TIMEOUT = _env_int("PACTE_EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("PACTE_DEFAULT_FROM_EMAIL", "pacte@localhost")
# With PACTE_EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend, messages are
# written to files in this folder (a test install, or an install with no relay yet).
EMAIL_FILE_PATH = os.environ.get("PACTE_EMAIL_FILE_PATH", str(DATA_DIR / "mail"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = _env_bool("PACTE_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
# HTTPS (see README, Production). Off by default so `pacte serve` on a laptop works over
# plain HTTP; an operator turns them on once HTTPS works, since a browser that has seen HSTS
# refuses plain HTTP for that host until the duration runs out.
SECURE_HSTS_SECONDS = _env_int("PACTE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("PACTE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = _env_bool("PACTE_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = _env_bool("PACTE_SSL_REDIRECT", False)
# Behind a reverse proxy that terminates HTTPS, Django only knows the request was HTTPS from
# the proxy's X-Forwarded-Proto. Trusting it is safe only when the proxy overwrites that header
# and Pacte cannot be reached except through it, hence an explicit opt-in. X-Forwarded-Host is
# deliberately not trusted: the proxy passes the Host header through, and a forwarded host a
# client could set would only add a way to choose the host of absolute links.
if _env_bool("PACTE_TRUST_PROXY_HEADERS", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): only Pacte's own files, no inline script, no inline
# style, no `style=` attribute, no eval. Every template obeys it (kernel/tests/test_csp.py);
# htmx's injected indicator style is turned off in base.html, the API docs page loads Swagger
# UI from django-ninja's static files. `data:` images are Swagger UI's icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

NINJA_PAGINATION_PER_PAGE = 50

# Background work (django-tasks): queued in the database, so it works on SQLite and
# PostgreSQL alike and survives a restart; `pacte worker` runs the queue and the periodic
# jobs (see pacte.kernel.tasks).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# The address people reach Pacte at, used in links sent by email.
BASE_URL = os.environ.get("PACTE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
FORMAT_MODULE_PATH = ["pacte.formats"]
