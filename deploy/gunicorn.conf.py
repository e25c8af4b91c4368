"""gunicorn settings for the web tier: ``gunicorn -c deploy/gunicorn.conf.py dangjian.wsgi``.

Everything can be overridden from the environment (systemd's EnvironmentFile).
"""

import multiprocessing
import os

bind = os.environ.get("DANGJIAN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("DANGJIAN_WEB_WORKERS", min(8, multiprocessing.cpu_count() * 2 + 1)))
worker_class = "gthread"
threads = int(os.environ.get("DANGJIAN_WEB_THREADS", "4"))
timeout = 120  # an Excel import of 100,000 rows takes well under a minute
graceful_timeout = 30
max_requests = 2000  # recycle workers now and then
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("DANGJIAN_PROXY_IPS", "127.0.0.1")
accesslog = "-"
# The path without its query string: searches carry ID and phone numbers, which no log may keep.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
# A kiosk link's token (in its path, and in the Referer of the page's requests) and any ID or
# phone number left in a path are masked in every access line.
logger_class = "dangjian.ops.access_log.MaskedAccessLogger"
