"""The Celery application. Embedded default: an SQLite broker beside the database (kombu's
SQLAlchemy transport); production: any broker given by DANGJIAN_BROKER_URL."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangjian.settings")

app = Celery("dangjian")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
