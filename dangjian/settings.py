"""Settings for dangjian, read from the environment.

Development (the default) runs on an SQLite file under ``DANGJIAN_DATA_DIR`` with a generated key
file. ``DANGJIAN_ENV=production`` refuses to start until every secret is given.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from celery.schedules import crontab

from dangjian.core.env import MissingSetting, env_bool, env_int, env_list, env_path, env_str

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
    SECRET_KEY = env_str("DANGJIAN_SECRET_KEY")
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

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
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
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
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

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION

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
_backup_hour, _, _backup_minute = env_str("DANGJIAN_BACKUP_AT", "02:30").partition(":")
CELERY_BEAT_SCHEDULE = {
    "每日备份": {
        "task": "ops.backup_daily",
        "schedule": crontab(hour=_backup_hour, minute=_backup_minute or "0"),
    },
    "知识库补建索引": {"task": "assistant.index_pending", "schedule": 600.0},
}

# Running as a service (dangjian serve / worker / beat).
STARTUP_WAIT = env_int("DANGJIAN_STARTUP_WAIT", 60)  # seconds to wait for database and broker
STOP_TIMEOUT = env_int("DANGJIAN_STOP_TIMEOUT", 30)  # seconds a job may take to finish on stop
READY_REQUIRES_SCHEDULER = env_bool("DANGJIAN_READY_REQUIRES_SCHEDULER", True)

# Uploaded files (attachments) and backups. The personal-data key is never in a backup.
MEDIA_ROOT = env_path("DANGJIAN_MEDIA_DIR", DATA_DIR / "media")
MEDIA_URL = "media/"
BACKUP_DIR = env_path("DANGJIAN_BACKUP_DIR", DATA_DIR / "backups")
BACKUP_KEEP_DAYS = env_int("DANGJIAN_BACKUP_KEEP_DAYS", 14)
PG_BIN_DIR = env_str("DANGJIAN_PG_BIN_DIR", "")  # pg_dump / pg_restore, when not in Debian's place

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
