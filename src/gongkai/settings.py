"""Django settings for gongkai. Every value comes from the environment (see README)."""

import os
import re
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp import constants as csp

from gongkai.env import ConfigError, env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
# With the editable install that `make install` does, this is the checkout; var/ holds
# the SQLite database and uploaded files of a local run.
CHECKOUT_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(env_str("GONGKAI_VAR_DIR", str(CHECKOUT_DIR / "var")))

DEVELOPMENT_SECRET_KEY = "gongkai-development-key-never-use-in-production"

ENVIRONMENT = env_str("GONGKAI_ENV", "development")
if ENVIRONMENT not in {"development", "production"}:
    raise ConfigError(f"GONGKAI_ENV={ENVIRONMENT!r}: use 'development' or 'production'")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("GONGKAI_DEBUG", default=not PRODUCTION)
SECRET_KEY = env_str("GONGKAI_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = env_list(
    "GONGKAI_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver", "[::1]"]
)
CSRF_TRUSTED_ORIGINS = env_list("GONGKAI_CSRF_TRUSTED_ORIGINS")


INSTALLED_APPS = [
    "gongkai.deployment",
    "gongkai.agencies",
    "gongkai.casework",
    "gongkai.formguard",
    "gongkai.catalog",
    "gongkai.supervision",
    "gongkai.monitoring",
    "gongkai.workdays",
    "gongkai.applications",
    "gongkai.disputes",
    "gongkai.interaction",
    "gongkai.contributions",
    "gongkai.reports",
    "gongkai.inspection",
    "gongkai.evaluation",
    "gongkai.backups",
    "gongkai.jobs",
    "gongkai.publishing",
    "gongkai.twofactor",
    "gongkai.demo",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.sites",
    "gongkai.agencies.users_app.StaffUsersConfig",  # wagtail.users, staff form
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Wagtail's system checks on PostgreSQL need it (search lookups).
    "django.contrib.postgres",
]

MIDDLEWARE = [
    "gongkai.request_limits.RequestBodyLimitMiddleware",
    "gongkai.availability.DatabaseAvailabilityMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "gongkai.headers.PermissionsPolicyMiddleware",
    "gongkai.headers.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gongkai.i18n.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Two-factor authentication (gongkai/twofactor): the code after the password.
    "django_otp.middleware.OTPMiddleware",
    "gongkai.twofactor.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gongkai.agencies.middleware.AgencyScopeMiddleware",
    # The Wagtail site of the request's host from the cache (catalog/public_cache.py).
    "gongkai.catalog.public_cache.CachedSiteMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Login throttling (gongkai/throttle.py): 5 failures of an account or 20 of an address lock
# logins for 30 minutes (axes counts failures within the same 30 minutes); axes' backend refuses them before Django's checks
# the password.
AUTHENTICATION_BACKENDS = [
    "gongkai.throttle.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "gongkai.throttle.LoginThrottle"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = 20  # see gongkai.throttle: it answers 20 when an account or address locks
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # each failure with its time: the 15-minute window
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_RESET_ON_SUCCESS = False  # LoginThrottle forgets the account's own failures on login
AXES_LOCKOUT_CALLABLE = "gongkai.throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "gongkai.formguard.spam.client_ip"
AXES_USERNAME_CALLABLE = "gongkai.throttle.client_username"  # cut to 150, no NUL
AXES_VERBOSE = False  # our own log lines only; axes would log usernames and addresses

# Two-factor authentication: the authenticator app names the account after the site group.
OTP_TOTP_ISSUER = env_str("GONGKAI_SITE_NAME", "政府网站群")

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DEFAULT_DATABASE_URL = f"sqlite:///{VAR_DIR / 'gongkai.sqlite3'}"
if "GONGKAI_DATABASE_URL" not in os.environ:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("GONGKAI_DATABASE_URL", DEFAULT_DATABASE_URL),
        conn_max_age=env_int("GONGKAI_DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the portal read while a clerk publishes. Every transaction begins as a writer
    # (BEGIN IMMEDIATE): a deferred one that read first cannot wait for a lock another writer
    # holds and fails at once with "database is locked", whatever the timeout; an immediate
    # one waits its turn for up to GONGKAI_SQLITE_TIMEOUT seconds.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("GONGKAI_SQLITE_TIMEOUT", 20),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Django's backend, except that connecting never creates a missing database file.
    DATABASES["default"]["ENGINE"] = "gongkai.sqlite3"

REDIS_URL = env_str("GONGKAI_REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A government back office: at least 10 characters, not a common password, not like the
# login or the name (Django's validators; their messages are translated into Chinese).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
if not PRODUCTION:
    # WhiteNoise serves from the finders in development but still expects the folder.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Files that only their owner may fetch (released files of an application reply): kept outside
# MEDIA_ROOT so that no web server configuration can serve them; views check access first.
PRIVATE_MEDIA_ROOT = Path(env_str("GONGKAI_PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
# Uploads are stored under unguessable names and served only by views that check the page
# using them (catalog/file_serving.py); /media/ is never a plain directory listing of files.
STORAGES = {
    "default": {"BACKEND": "gongkai.catalog.storage.UnguessableStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = [
    # SAMEORIGIN, not DENY: Wagtail's page preview shows the page in a frame of the admin.
    "security.W019",
    # The HSTS preload list binds the whole domain for months; the site group's domain owner
    # decides that, not this application.
    "security.W021",
]
# Content-Security-Policy of the public pages (django-csp; the back office's exceptions are in
# gongkai/headers.py): the site's own scripts, no inline script or handler, nothing foreign.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF, csp.NONCE],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "frame-src": [csp.NONE],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        # Wagtail's preview shows pages in a frame of the back office (same origin).
        "frame-ancestors": [csp.SELF],
    }
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
# Behind the documented proxy (README: it sets X-Forwarded-Proto): HTTPS only, remembered by
# browsers for a year; /healthz stays reachable over plain HTTP for the load balancer.
SECURE_SSL_REDIRECT = PRODUCTION
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
# Staff sessions end after a working day, and when the browser closes.
SESSION_COOKIE_AGE = env_int("GONGKAI_SESSION_HOURS", 8) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# How many reverse proxies of our own stand in front of the process. Each appends the address
# it saw to X-Forwarded-For, so the client is the entry this many places from the right; with
# 0 the header is ignored (a client could write anything there) and REMOTE_ADDR is the client.
GONGKAI_TRUSTED_PROXIES = env_int("GONGKAI_TRUSTED_PROXIES", 0)
if GONGKAI_TRUSTED_PROXIES < 0:
    raise ConfigError(
        f"GONGKAI_TRUSTED_PROXIES={GONGKAI_TRUSTED_PROXIES} must be 0 or the number of proxies"
    )
LOGIN_URL = "wagtailadmin_login"

EMAIL_BACKEND = env_str("GONGKAI_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("GONGKAI_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("GONGKAI_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("GONGKAI_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("GONGKAI_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("GONGKAI_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("GONGKAI_FROM_EMAIL", "noreply@localhost")
# Texts to applicants: a dotted backend class (gongkai/applications/sms.py), or "off" where the
# site group has no SMS contract (notices then go by e-mail and post, and say so).
GONGKAI_SMS_BACKEND = env_str("GONGKAI_SMS_BACKEND", "gongkai.applications.sms.OutboxBackend")
# Whether the clock stops from a fee notice until the fee is paid (Art. 42 measures, 办法 §5).
GONGKAI_FEE_NOTICE_STOPS_CLOCK = env_bool("GONGKAI_FEE_NOTICE_STOPS_CLOCK", default=True)

WAGTAIL_SITE_NAME = env_str("GONGKAI_SITE_NAME", "政府网站群")
# The address the public knows the site group by: every absolute URL in output (sitemap,
# feeds, API, CSV/JSON, e-mails) starts with it, or with an agency's own host name.
GONGKAI_BASE_URL = env_str("GONGKAI_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
if not re.fullmatch(r"https?://[^/\s?#]+", GONGKAI_BASE_URL):
    raise ConfigError(
        f"GONGKAI_BASE_URL={GONGKAI_BASE_URL!r}: give scheme and host only, e.g. https://www.example.gov.cn"
    )
WAGTAILADMIN_BASE_URL = GONGKAI_BASE_URL
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_USER_LOGIN_FORM = "gongkai.login.ChineseLoginForm"
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
# Chinese queries in the back office are answered from the catalog's own n-gram index, the
# one the public /search/ reads (catalog/search/backend.py); others by Wagtail's database one.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "gongkai.catalog.search.backend"}}
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "docx",
    "xlsx",
    "doc",
    "xls",
    "txt",
    "ofd",
    "zip",
    "png",
    "jpg",
    "jpeg",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# A file a live page uses changes only through a new draft of the page (review and the privacy
# gate), never in the file library (catalog/public_files.py).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Production behind nginx: the process checks, nginx sends the file from this internal
# location (X-Accel-Redirect; README, "Production"). Empty: the process streams files.
GONGKAI_MEDIA_ACCEL_PREFIX = env_str("GONGKAI_MEDIA_ACCEL_PREFIX", "")
if GONGKAI_MEDIA_ACCEL_PREFIX:
    if not re.fullmatch(r"/[\w/-]*/", GONGKAI_MEDIA_ACCEL_PREFIX):
        raise ConfigError(
            f"GONGKAI_MEDIA_ACCEL_PREFIX={GONGKAI_MEDIA_ACCEL_PREFIX!r}: give the internal nginx "
            "location, starting and ending with '/', e.g. /internal-media/"
        )
    SENDFILE_BACKEND = "gongkai.catalog.file_serving"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "gongkai.catalog.public_files.PublishedDocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "gongkai.catalog.public_files.PublishedImageForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Static publishing (gongkai.publishing): the public pages as files that nginx serves
# (deploy/nginx/, README "Static publishing"). A real directory, never a symlink: a full
# rebuild swaps files inside it and removes what it did not write.
GONGKAI_PUBLISH_ROOT = Path(env_str("GONGKAI_PUBLISH_ROOT", str(VAR_DIR / "publish")))

# The job queue (gongkai.jobs, `gongkai worker`). EAGER runs a job as soon as it is queued, in
# the queueing process (tests, one-off scripts); a worker is then not needed.
GONGKAI_JOBS_EAGER = env_bool("GONGKAI_JOBS_EAGER", default=False)
# Jobs run eagerly even when EAGER is off: the test suite names the privacy scans and report
# checks here (tests/conftest.py), so that tests of the gate see its answer at once while the
# rest of the queue (static publishing) stays queued. Empty in every installation.
GONGKAI_JOBS_EAGER_JOBS: tuple[str, ...] = ()
# One second: static publishing (gongkai.publishing) rewrites a page's files within 5 s of
# its change; an idle poll is one indexed query.
GONGKAI_JOBS_POLL_SECONDS = env_int("GONGKAI_JOBS_POLL_SECONDS", 1)
GONGKAI_JOBS_LEASE_SECONDS = env_int("GONGKAI_JOBS_LEASE_SECONDS", 300)
GONGKAI_JOBS_MAX_ATTEMPTS = env_int("GONGKAI_JOBS_MAX_ATTEMPTS", 5)
GONGKAI_JOBS_RETRY_SECONDS = env_int("GONGKAI_JOBS_RETRY_SECONDS", 60)
GONGKAI_JOBS_KEEP_DAYS = env_int("GONGKAI_JOBS_KEEP_DAYS", 30)
if min(GONGKAI_JOBS_POLL_SECONDS, GONGKAI_JOBS_LEASE_SECONDS, GONGKAI_JOBS_RETRY_SECONDS) < 1:
    raise ConfigError("GONGKAI_JOBS_POLL/LEASE/RETRY_SECONDS must each be at least 1")
if GONGKAI_JOBS_MAX_ATTEMPTS < 1:
    raise ConfigError("GONGKAI_JOBS_MAX_ATTEMPTS must be at least 1")
if GONGKAI_JOBS_KEEP_DAYS < 1:
    raise ConfigError("GONGKAI_JOBS_KEEP_DAYS must be at least 1")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": sys.stderr}},
    "root": {"handlers": ["console"], "level": env_str("GONGKAI_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Axes logs every failed login at INFO; lockouts are WARNING (usernames masked).
        "axes": {"level": "WARNING"},
        # Wagtail logs every page save and django-tasks every immediate task at INFO.
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        # WeasyPrint logs each step of every PDF (letters, reports) at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Monitoring of the agencies' sites (gongkai.monitoring, docs/monitoring.md): probes of each
# home page, the link checker, and their limits. External links are checked only when enabled.
GONGKAI_PROBE_INTERVAL_MINUTES = env_int("GONGKAI_PROBE_INTERVAL_MINUTES", 30)
GONGKAI_PROBE_TIMEOUT_SECONDS = env_int("GONGKAI_PROBE_TIMEOUT_SECONDS", 15)
GONGKAI_PROBE_CONCURRENCY = env_int("GONGKAI_PROBE_CONCURRENCY", 8)
GONGKAI_LINKCHECK_EXTERNAL = env_bool("GONGKAI_LINKCHECK_EXTERNAL", default=False)
GONGKAI_LINKCHECK_TIMEOUT_SECONDS = env_int("GONGKAI_LINKCHECK_TIMEOUT_SECONDS", 10)
GONGKAI_LINKCHECK_DAILY_BUDGET = env_int("GONGKAI_LINKCHECK_DAILY_BUDGET", 500)
GONGKAI_LINKCHECK_RECHECK_DAYS = env_int("GONGKAI_LINKCHECK_RECHECK_DAYS", 7)
GONGKAI_LINKCHECK_HOSTS = env_int("GONGKAI_LINKCHECK_HOSTS", 4)
if (
    min(
        GONGKAI_PROBE_INTERVAL_MINUTES,
        GONGKAI_PROBE_TIMEOUT_SECONDS,
        GONGKAI_PROBE_CONCURRENCY,
        GONGKAI_LINKCHECK_TIMEOUT_SECONDS,
        GONGKAI_LINKCHECK_HOSTS,
    )
    < 1
):
    raise ConfigError(
        "GONGKAI_PROBE_*/GONGKAI_LINKCHECK_* intervals, timeouts and limits must be at least 1"
    )
