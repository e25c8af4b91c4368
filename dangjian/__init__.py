"""dangjian: 智慧党建平台."""

# The Celery app is loaded with Django so that tasks queued from a web request use the
# configured broker, not Celery's default.
from dangjian.celery import app as celery_app

__all__ = ["celery_app"]
