"""Django settings, read from the environment (Django's own names where Django has them).

``policy ack serve|sync|...`` sets ``ACK_STATE_DIR`` (the project's ``.ack/``, git-ignored) and, with
``--database``, ``DATABASE_URL`` before Django starts. Every setting below is documented in the README
("Staff acknowledgements (service)") with its default.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip().lower() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key(state: Path) -> str:
    """``ACK_SECRET_KEY``, else one made once and kept (mode 0600) in the state folder."""
    given = os.environ.get("ACK_SECRET_KEY") or os.environ.get("DJANGO_SECRET_KEY")
    if given:
        return given
    path = state / "secret_key"
    state.mkdir(mode=0o700, parents=True, exist_ok=True)  # the database lives here too: personal data
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


STATE_DIR = Path(os.environ.get("ACK_STATE_DIR") or Path.cwd() / ".ack")
BASE_URL = os.environ.get("ACK_BASE_URL", "http://127.0.0.1:8001/").rstrip("/") + "/"
_BASE = urlsplit(BASE_URL)
HTTPS = _BASE.scheme == "https"

SECRET_KEY = _secret_key(STATE_DIR)
DEBUG = False
ALLOWED_HOSTS = [_BASE.hostname or "127.0.0.1", "127.0.0.1", "localhost", *_env_list("ACK_ALLOWED_HOSTS", "")]
CSRF_TRUSTED_ORIGINS = [f"{_BASE.scheme}://{_BASE.netloc}"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "mozilla_django_oidc",
    "build_scripts.ack.apps.AckConfig",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "build_scripts.ack.security.ContentSecurityPolicy",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "build_scripts.ack.security.BadInput",
]
ROOT_URLCONF = "build_scripts.ack.urls"
WSGI_APPLICATION = "build_scripts.ack.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]

_SQLITE_DEFAULT = f"sqlite:///{STATE_DIR / 'ack.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL") or _SQLITE_DEFAULT, conn_max_age=60)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # IMMEDIATE: a writer takes the lock when its transaction starts, so two workers never deadlock
    # upgrading a read lock; WAL lets readers go on while one writes; FULL syncs every commit.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "ack.Person"
AUTHENTICATION_BACKENDS = ["build_scripts.ack.signin.RosterOIDCBackend", "build_scripts.ack.signin.EmailLinkBackend"]
LOGIN_URL = "/signin/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/signin/"

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("ACK_TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = None  # served from the package by WhiteNoise
WHITENOISE_USE_FINDERS = True  # the package's static files, without a collectstatic step

# Security: cookies are Secure whenever the service's address is https (behind the district's proxy).
SESSION_COOKIE_NAME = "ack_session"
CSRF_COOKIE_NAME = "ack_csrftoken"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
ACK_PROXY_COUNT = int(os.environ.get("ACK_PROXY_COUNT", "0"))  # proxies that add X-Forwarded-For

# Sign-in: OpenID Connect (mozilla-django-oidc's own setting names) and the e-mail link fallback.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
OIDC_CREATE_USER = False  # the roster says who may sign in, never the token
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
OIDC_CALLBACK_CLASS = "build_scripts.ack.signin.LimitedCallback"
LOGIN_REDIRECT_URL_FAILURE = "/signin/?failed=1"
ACK_OIDC_LABEL = os.environ.get("ACK_OIDC_LABEL", "your district account")
ACK_LINK_MINUTES = int(os.environ.get("ACK_LINK_MINUTES", "15"))
ACK_LINKS_PER_ADDRESS = int(os.environ.get("ACK_LINKS_PER_ADDRESS", "5"))  # per ACK_RATE_WINDOW
ACK_FAILURES_PER_IP = int(os.environ.get("ACK_FAILURES_PER_IP", "20"))  # per ACK_RATE_WINDOW
ACK_RATE_WINDOW = int(os.environ.get("ACK_RATE_WINDOW", "900"))  # seconds

EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "").lower() in ("1", "true", "yes")
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "policies@localhost")

# Who sees what comes from the roster's role column.
ACK_HR_ROLES = _env_list("ACK_HR_ROLES", "hr")
ACK_PRINCIPAL_ROLES = _env_list("ACK_PRINCIPAL_ROLES", "principal")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ACK_LOG_LEVEL", "WARNING")},
}
