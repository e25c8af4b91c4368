"""Settings for dangjian, read from the environment.

Development (the default) runs on an SQLite file under ``DANGJIAN_DATA_DIR`` with a generated key
file. ``DANGJIAN_ENV=production`` refuses to start until every secret is given.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url

from dangjian.core.env import MissingSetting, env_bool, env_int, env_list, env_path, env_str
from dangjian.core.env_secrets import (
    check_data_key,
    check_database_url,
    check_key_file,
    check_secret_key,
    check_token,
)
from dangjian.rules import alerts as _alert_rules

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent

ENVIRONMENT = env_str("DANGJIAN_ENV", "development")
if ENVIRONMENT not in {"development", "production", "test"}:
    raise MissingSetting(f"DANGJIAN_ENV 只能是 development/production/test，实为 {ENVIRONMENT!r}")
PRODUCTION = ENVIRONMENT == "production"

DATA_DIR = env_path("DANGJIAN_DATA_DIR", REPO_DIR / "var")
# An OpenAI-compatible endpoint (vLLM, Ollama...) for written answers; without it answers are
# extractive. Never a public service: the platform runs on an intranet.
LLM_BASE_URL = env_str("DANGJIAN_LLM_BASE_URL", "")
LLM_MODEL = env_str("DANGJIAN_LLM_MODEL", "qwen2.5-7b-instruct")
LLM_API_KEY = env_str("DANGJIAN_LLM_API_KEY", "")
LLM_TIMEOUT = float(env_str("DANGJIAN_LLM_TIMEOUT", "60"))
DENSE_RETRIEVAL = env_bool("DANGJIAN_DENSE_RETRIEVAL", True)

CORPUS_DIR = env_path("DANGJIAN_CORPUS_DIR", REPO_DIR.parent / "shared" / "corpus")

if PRODUCTION:
    SECRET_KEY = check_secret_key(env_str("DANGJIAN_SECRET_KEY"))
    # The data key must come from the environment or a key file; never generated in production.
    if not (env_str("DANGJIAN_DATA_KEY", "") or env_str("DANGJIAN_KEY_FILE", "")):
        raise MissingSetting(
            "生产模式必须设置 DANGJIAN_DATA_KEY 或 DANGJIAN_KEY_FILE（个人信息加密密钥）"
        )
    DATABASE_URL = env_str("DATABASE_URL")
    ALLOWED_HOSTS = env_list("DANGJIAN_ALLOWED_HOSTS", [])
    if not ALLOWED_HOSTS:
        raise MissingSetting("生产模式必须设置 DANGJIAN_ALLOWED_HOSTS")
    DEBUG = False
else:
    SECRET_KEY = env_str("DANGJIAN_SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
    DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'dangjian.sqlite3'}")
    ALLOWED_HOSTS = env_list("DANGJIAN_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
    DEBUG = env_bool("DANGJIAN_DEBUG", False)

DATA_KEY = env_str("DANGJIAN_DATA_KEY", "")
KEY_FILE = env_path("DANGJIAN_KEY_FILE", DATA_DIR / "keys" / "data.key")
# Every secret is checked now, so a malformed one stops the start, not the first request.
if DATA_KEY:
    DATA_KEY = check_data_key(DATA_KEY)
else:
    check_key_file(KEY_FILE, must_exist=PRODUCTION)
check_database_url(DATABASE_URL)
check_token(LLM_API_KEY, "DANGJIAN_LLM_API_KEY")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "treebeard",
    "ninja",
    "django_celery_beat",
    "dangjian.core",
    "dangjian.accounts",
    "dangjian.orgs",
    "dangjian.members",
    "dangjian.dues",
    "dangjian.assistant",
    "dangjian.api",
    "dangjian.jobs",
    "dangjian.ops",
    "dangjian.home",
    "dangjian.discipline",
    "dangjian.documents",
    "dangjian.development",
    "dangjian.meetings",
    "dangjian.dynamics",
    "dangjian.elections",
    "dangjian.notifications",
    "dangjian.cadres",
    "dangjian.reports",
    "dangjian.screen",
    "dangjian.portal",
    "dangjian.study",
    "dangjian.alerts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "dangjian.accounts.middleware.SecurityMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dangjian.urls"
WSGI_APPLICATION = "dangjian.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dangjian.accounts.context.access",
            ],
        },
    }
]

_db = dj_database_url.parse(DATABASE_URL, conn_max_age=60)
if _db["ENGINE"] == "django.db.backends.sqlite3":
    Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers proceed while the worker writes; IMMEDIATE avoids upgrade deadlocks.
    # Up to 256 MB of page cache per connection (filled only as pages are read, freed when the
    # connection closes after each request): an import into a large archive updates index
    # pages all over, and whole-system counts read most of the table.
    _db["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-262144;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    _db["CONN_MAX_AGE"] = 0
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True


DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000
FILE_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
# Bounds on every uploaded workbook, checked before it is read; the other bounds keep the
# defaults of dangjian.core.workbook.WorkbookLimits (any of them may be set here by name).
WORKBOOK_LIMITS = {
    "max_bytes": env_int("DANGJIAN_WORKBOOK_MAX_MB", 20) * 1024 * 1024,
    "max_rows": env_int("DANGJIAN_WORKBOOK_MAX_ROWS", 500_000),
    "max_cells": env_int("DANGJIAN_WORKBOOK_MAX_CELLS", 10_000_000),
    "reader_memory_mb": env_int("DANGJIAN_WORKBOOK_READER_MEMORY_MB", 2048),
    "reader_seconds": env_int("DANGJIAN_WORKBOOK_READER_SECONDS", 120),
}

NINJA_PAGINATION_PER_PAGE = 50

# Jobs (DESIGN: jobs). The embedded broker is a second SQLite file; results are not kept.
CELERY_BROKER_URL = env_str("DANGJIAN_BROKER_URL", f"sqla+sqlite:///{DATA_DIR / 'broker.sqlite3'}")
CELERY_TASK_ALWAYS_EAGER = env_bool("DANGJIAN_TASKS_EAGER", False)
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# One scheduler per database (dangjian.jobs.lock): every beat, however started, takes the lock.
CELERY_BEAT_SCHEDULER = "dangjian.jobs.scheduler:LockedScheduler"
SCHEDULER_LOCK_TTL = env_int("DANGJIAN_SCHEDULER_LOCK_TTL", 60)  # seconds without a heartbeat
# The beat schedule is made in the database from the job catalogue (dangjian.jobs.catalogue),
# not from CELERY_BEAT_SCHEDULE, which beat would write over an administrator's change at every
# start. These are the default times a job gets when its schedule is first created.
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {}
BACKUP_AT = env_str("DANGJIAN_BACKUP_AT", "02:30")
DUES_LEDGER_AT = env_str("DANGJIAN_DUES_LEDGER_AT", "01:00")  # on the 1st of each month

# Notifications (dangjian.notifications, README "消息提醒"). E-mail goes through Django's SMTP
# backend when DANGJIAN_SMTP_HOST is set; SMS through an HTTP gateway described by a URL and body
# template ({phone}, {text}); quiet hours hold every channel but the inbox (local time).
EMAIL_BACKEND = env_str("DANGJIAN_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("DANGJIAN_SMTP_HOST", "")
EMAIL_PORT = env_int("DANGJIAN_SMTP_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("DANGJIAN_SMTP_USER", "")
EMAIL_HOST_PASSWORD = env_str("DANGJIAN_SMTP_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DANGJIAN_SMTP_STARTTLS", False)
EMAIL_USE_SSL = env_bool("DANGJIAN_SMTP_SSL", False)
EMAIL_TIMEOUT = env_int("DANGJIAN_SMTP_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DANGJIAN_MAIL_FROM", "dangjian@localhost")
NOTIFY_QUIET_HOURS = env_str("DANGJIAN_NOTIFY_QUIET_HOURS", "")  # e.g. "22:00-07:00"
NOTIFY_MAX_ATTEMPTS = env_int("DANGJIAN_NOTIFY_MAX_ATTEMPTS", 6, minimum=1)
NOTIFY_RETRY_BASE_SECONDS = env_int("DANGJIAN_NOTIFY_RETRY_SECONDS", 60, minimum=1)
NOTIFY_HTTP_TIMEOUT = env_int("DANGJIAN_NOTIFY_HTTP_TIMEOUT", 10, minimum=1)
NOTIFY_SITE_URL = env_str("DANGJIAN_SITE_URL", "")  # prefix of links in e-mail, SMS and robots
SMS_GATEWAY = env_str("DANGJIAN_SMS_GATEWAY", "dangjian.notifications.sms.HttpTemplateGateway")
SMS_URL = env_str("DANGJIAN_SMS_URL", "")
SMS_METHOD = env_str("DANGJIAN_SMS_METHOD", "POST")
SMS_BODY = env_str("DANGJIAN_SMS_BODY", '{"phone": "{phone}", "text": "{text}"}')
SMS_CONTENT_TYPE = env_str("DANGJIAN_SMS_CONTENT_TYPE", "application/json")
REMINDER_SCAN_AT = env_str("DANGJIAN_REMINDER_SCAN_AT", "07:30")  # the daily scan's default time

# Running as a service (dangjian serve / worker / beat).
STARTUP_WAIT = env_int("DANGJIAN_STARTUP_WAIT", 60)  # seconds to wait for database and broker
STOP_TIMEOUT = env_int("DANGJIAN_STOP_TIMEOUT", 30)  # seconds a job may take to finish on stop
MAX_REQUEST_BODY_MB = env_int("DANGJIAN_MAX_REQUEST_BODY_MB", 64)  # the largest request serve takes
READY_REQUIRES_SCHEDULER = env_bool("DANGJIAN_READY_REQUIRES_SCHEDULER", True)

# Uploaded files (attachments) and backups. The personal-data key is never in a backup.
MEDIA_ROOT = env_path("DANGJIAN_MEDIA_DIR", DATA_DIR / "media")
MEDIA_URL = "media/"
BACKUP_DIR = env_path("DANGJIAN_BACKUP_DIR", DATA_DIR / "backups")
# The watched folder the HR and payroll exports are dropped into (ops/pickup.py), the account
# they are imported as (its permissions and audit rows apply; empty: nothing is picked up), and
# how long a file must stay unchanged before it is taken (a copy still being written waits).
PICKUP_DIR = env_path("DANGJIAN_PICKUP_DIR", DATA_DIR / "pickup")
PICKUP_USER = env_str("DANGJIAN_PICKUP_USER", "")
PICKUP_SETTLE_SECONDS = env_int("DANGJIAN_PICKUP_SETTLE_SECONDS", 60)
BACKUP_KEEP_DAYS = env_int("DANGJIAN_BACKUP_KEEP_DAYS", 14)
PG_BIN_DIR = env_str("DANGJIAN_PG_BIN_DIR", "")  # pg_dump / pg_restore, when not in Debian's place
# Workflow documents: templates a deployment replaces (same file name), and attachments.
DOCUMENT_TEMPLATE_DIR = env_path("DANGJIAN_DOCUMENT_TEMPLATE_DIR", DATA_DIR / "document-templates")
ATTACHMENT_MAX_MB = env_int("DANGJIAN_ATTACHMENT_MAX_MB", 20)  # the largest attachment taken
# Holiday arrangements for years the chinese-calendar package does not know yet (a JSON file
# {"2027": {"holidays": ["2027-01-01", ...], "workdays": [...]}}), from the State Council notice.
CSRF_FAILURE_VIEW = "dangjian.core.errors_views.csrf_failure"  # a Chinese page, not Django's
HOLIDAY_FILE = env_path("DANGJIAN_HOLIDAY_FILE", DATA_DIR / "holidays.json")
# 组织关系转接 (MEM-2): the approvals a transfer inside the platform needs, in order
# ("sending", "receiving", either or none), and the validity of a 介绍信 in days (at most 3 months).
TRANSFER_APPROVAL_LEVELS = env_list("DANGJIAN_TRANSFER_APPROVALS", ["sending", "receiving"])
TRANSFER_LETTER_DAYS = env_int("DANGJIAN_TRANSFER_LETTER_DAYS", 90, minimum=1)
if TRANSFER_LETTER_DAYS > 92:  # MEM-2: three months at most, whatever the month lengths
    raise ValueError("DANGJIAN_TRANSFER_LETTER_DAYS 最长为三个月（不超过92天）")
# 班子与换届: a post (书记) empty longer than this many days is shown as a check to fix.
VACANT_POST_DAYS = env_int("DANGJIAN_VACANT_POST_DAYS", 30, minimum=1)
# 党建一张屏: how often the display and the dashboard fetch their figures again (seconds).
SCREEN_REFRESH_SECONDS = env_int("DANGJIAN_SCREEN_REFRESH_SECONDS", 300, minimum=30)
# ORG-5: terms are listed as due this many months before they end (the reminder ladder's first rung).
TERM_DUE_MONTHS = env_int("DANGJIAN_TERM_DUE_MONTHS", 6, minimum=1)
# ORG-5: the reminder ladder, months before a term ends (then monthly while overdue), e.g. "6,3".
_TERM_LADDER = env_list("DANGJIAN_TERM_REMINDER_MONTHS", ["6", "3"])
if not all(m.isdigit() and 1 <= int(m) <= 24 for m in _TERM_LADDER):
    raise ValueError("DANGJIAN_TERM_REMINDER_MONTHS 应为逗号分隔的月数（1至24），如 6,3")
TERM_REMINDER_MONTHS = tuple(sorted({int(m) for m in _TERM_LADDER}, reverse=True))
# ORG-5: the higher organisation approves the new 书记 and 副书记 as its own dated step before the
# new committee takes office (批准选举结果 is refused until it is recorded); false: not required.
SECRETARY_APPROVAL = env_bool("DANGJIAN_SECRETARY_APPROVAL", True)


# 干部信息库: the retirement age of cadres by gender (the analysis's 到龄退休), in 周岁.
CADRE_RETIREMENT_AGE_MALE = env_int("DANGJIAN_CADRE_RETIREMENT_AGE_MALE", 60, minimum=40)
CADRE_RETIREMENT_AGE_FEMALE = env_int("DANGJIAN_CADRE_RETIREMENT_AGE_FEMALE", 55, minimum=40)
# 组织生活: how far ahead a meeting may be planned (days; a year plan reaches the next year).
MEETING_PLAN_HORIZON_DAYS = env_int("DANGJIAN_MEETING_PLAN_HORIZON_DAYS", 730, minimum=1)

# ---------------------------------------------------------------------------------------------
# Security (等保 2.0 第三级, GB/T 22239-2019): logins, passwords, sessions, headers, audit log.
# Kept together; every value has an environment variable documented in README.
# ---------------------------------------------------------------------------------------------

# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT failures the account, and the address
# they came from, are locked for LOGIN_LOCKOUT_MINUTES (each further attempt restarts the wait).
LOGIN_FAILURE_LIMIT = env_int("DANGJIAN_LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCKOUT_MINUTES = env_int("DANGJIAN_LOGIN_LOCKOUT_MINUTES", 15)
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "dangjian.accounts.lockout.lockout_response"
# The client's address: the socket's peer, unless a reverse proxy that overwrites a header is in
# front (then e.g. DANGJIAN_CLIENT_IP_HEADER=HTTP_X_REAL_IP). Never a header a client can set
# itself, or anyone could dodge the lock. The audit log records the same address.
CLIENT_IP_HEADER = env_str("DANGJIAN_CLIENT_IP_HEADER", "REMOTE_ADDR")
AXES_IPWARE_META_PRECEDENCE_ORDER = [CLIENT_IP_HEADER]
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False

# Passwords: length, three of four character classes, not the user name, not a common password;
# accounts created by an administrator (and the demo's) change it at first login. Expiry is off
# unless DANGJIAN_PASSWORD_MAX_AGE_DAYS is set. API tokens expire on their own schedule.
PASSWORD_MIN_LENGTH = env_int("DANGJIAN_PASSWORD_MIN_LENGTH", 8)
PASSWORD_MIN_CLASSES = 3
PASSWORD_MAX_AGE_DAYS = env_int("DANGJIAN_PASSWORD_MAX_AGE_DAYS", 0)
API_TOKEN_DAYS = env_int("DANGJIAN_API_TOKEN_DAYS", 180)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "dangjian.accounts.passwords.MinimumLengthValidator"},
    {"NAME": "dangjian.accounts.passwords.CharacterClassValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "first_name", "last_name", "email")},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "dangjian.accounts.passwords.NotUsernameValidator"},
]

# Sessions end after SESSION_IDLE_MINUTES without a request, and SESSION_MAX_HOURS after login
# whatever the activity; the cookie dies with the browser.
SESSION_IDLE_MINUTES = env_int("DANGJIAN_SESSION_IDLE_MINUTES", 30, minimum=1)
SESSION_MAX_HOURS = env_int("DANGJIAN_SESSION_MAX_HOURS", 12, minimum=1)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# HTTPS: on by default in production (DANGJIAN_HTTPS=false only behind a TLS-terminating proxy
# that is itself the HTTPS end, with DANGJIAN_TLS_PROXY=true so Django knows the request was
# secure). HSTS is sent on HTTPS responses only.
HTTPS = env_bool("DANGJIAN_HTTPS", PRODUCTION)
if env_bool("DANGJIAN_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS
# Load balancers and service managers probe health over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
X_FRAME_OPTIONS = "DENY"
# No inline script anywhere: every behaviour lives in a static file (style attributes remain).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

# The audit log: kept AUDIT_RETENTION_DAYS (at least 180: 网络安全法 第二十一条), then archived to files
# under AUDIT_ARCHIVE_DIR by `dangjian audit_archive`.
AUDIT_RETENTION_DAYS = env_int("DANGJIAN_AUDIT_RETENTION_DAYS", 180)
if AUDIT_RETENTION_DAYS < 180:
    raise MissingSetting(
        f"DANGJIAN_AUDIT_RETENTION_DAYS 不能少于180天（《中华人民共和国网络安全法》第二十一条：网络日志留存不少于六个月），实为{AUDIT_RETENTION_DAYS}"
    )
# 学习教育 (EDU-2, and joining mid-year: both local settings, RULES.md).
STUDY_EDU2_HOURS = env_int("DANGJIAN_STUDY_EDU2_HOURS", 56)
STUDY_PRORATE_NEW_MEMBERS = env_bool("DANGJIAN_STUDY_PRORATE_NEW_MEMBERS", True)
STUDY_VIDEO_MAX_MB = env_int("DANGJIAN_STUDY_VIDEO_MAX_MB", 500)

AUDIT_ARCHIVE_DIR = env_path("DANGJIAN_AUDIT_ARCHIVE_DIR", DATA_DIR / "audit-archive")
# 智能研判: the daily alert scan's time, each kind's severity ("arrears=medium,..."), and the
# branch health score's points per open alert by severity ("high=10,medium=5,low=2").
ALERT_SCAN_AT = env_str("DANGJIAN_ALERT_SCAN_AT", "06:30")
ALERT_SEVERITIES = _alert_rules.parse_severities(env_str("DANGJIAN_ALERT_SEVERITIES", ""))
ALERT_WEIGHTS = _alert_rules.parse_weights(env_str("DANGJIAN_ALERT_WEIGHTS", ""))

# Every log line passes the masking filter: no clear ID or phone number in a logged URL.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "mask": {"()": "dangjian.core.masking.MaskingFilter"},
        "refusal": {"()": "dangjian.core.logfilters.RefusalFilter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask"]},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # A refusal is one line from dangjian.access, not Django's traceback as well.
        "django.request": {"filters": ["refusal"]},
    },
}
