"""Django settings for the polemica platform.

SQLite (WAL, immediate transactions) under `.polemica/` by default; PostgreSQL when `DATABASE_URL`
is set. `POLEMICA_HOME` moves the data directory, `POLEMICA_SECRET_KEY` sets the secret.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url

from polemica.web.settings.keys import secret_key

HOME = Path(os.environ.get("POLEMICA_HOME", ".polemica")).resolve()
DEBUG = os.environ.get("POLEMICA_DEBUG_WEB") == "1"
SECRET_KEY = secret_key(HOME)
ALLOWED_HOSTS = os.environ.get("POLEMICA_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(
    ","
)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    # Only for its static files and templates: the interactive API docs (/api/docs) load
    # Swagger UI from our own static files, not from a CDN the security policy would block.
    "ninja",
    "axes",
    "polemica.web.accounts",
    "polemica.web.orgs",
    "polemica.web.process",
    "polemica.web.votes",
    "polemica.web.centralism",
    "polemica.web.record",
    "polemica.web.ui",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After CSRF, sessions and messages: refuses bad text before any view (web/guard.py).
    "polemica.web.guard.InputGuardMiddleware",
    # After the guard: a request refused for bad text claims no key.
    "polemica.web.accounts.idempotency.IdempotencyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "polemica.web.ui.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "polemica.web.urls"
WSGI_APPLICATION = "polemica.web.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
# The sign-in limit (accounts/signin.py, django-axes) checks before the password is.
AUTHENTICATION_BACKENDS = [
    "polemica.web.accounts.signin.SignInBackend",
    "django.contrib.auth.backends.ModelBackend",
]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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
            ]
        },
    }
]


def _database() -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL")
    if url:
        return dict(dj_database_url.parse(url, conn_max_age=60))
    HOME.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(HOME / "polemica.sqlite3"),
        # One connection per server thread, kept: opening one and setting its pragmas on every
        # request cost more than the request's own queries.
        "CONN_MAX_AGE": 600,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            # Writers take the lock when the transaction begins, so two writers never deadlock
            # on a lock upgrade; readers are never blocked (WAL).
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
        "TEST": {"NAME": str(HOME / "test.sqlite3")},
    }


DATABASES = {"default": _database()}

LANGUAGE_CODE = "en"
# The web interface speaks these (src/polemica/web/ui/locale); the user picks one.
LANGUAGES = [("en", "English"), ("de", "Deutsch")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
STATIC_ROOT = str(HOME / "static")
FILE_STORE = HOME / "files"
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
LOGIN_URL = "/accounts/login/"
# Mail (the digest, `polemica digest`): printed to standard output unless another Django
# backend is named, e.g. django.core.mail.backends.smtp.EmailBackend with EMAIL_HOST below.
EMAIL_BACKEND = os.environ.get(
    "POLEMICA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("POLEMICA_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("POLEMICA_EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("POLEMICA_EMAIL_FROM", "polemica@localhost")
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Django's own password rules, for every account created by a person (invitations, `polemica
# account create`); the demonstration's shared password is set directly and is not checked.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Password guesses: per account and per client address, counted in the database (shared by
# every server process); accounts/signin.py and docs/platform.md.
AXES_HANDLER = "polemica.web.accounts.signin.SignInHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = 5  # failed sign-ins to one account (from anywhere)
SIGNIN_ADDRESS_LIMIT = 30  # failed sign-ins from one address (to any accounts)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_CLIENT_IP_CALLABLE = "polemica.web.accounts.signin.client_address"
# Guesses during a lockout do not prolong it, and a success resets nothing (a success would
# otherwise wipe the failures of other accounts from the same address).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = False
# No log of successful sign-ins (addresses and browsers of people: not kept without need).
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# The two sign-in views answer a lockout themselves (429 with Retry-After), so axes' middleware,
# which would replace their answers, is not used.
SILENCED_SYSTEM_CHECKS = ["axes.W002"]
