"""gunicorn settings for production: ``gunicorn 'app:create_app()'`` reads this file.

Every value can be overridden from the environment. Nothing in the portal is kept per
process that breaks with several workers: sessions are signed cookies, rate limits live
in ``RATELIMIT_STORAGE_URI`` (Redis when set), caches are rebuilt from the database.
"""
import multiprocessing
import os

# GUNICORN_BIND, else HOST and PORT (as `make run` reads them; many hosts set PORT).
bind = os.environ.get("GUNICORN_BIND") or f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Behind nginx: trust its X-Forwarded-* headers only from the local proxy.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
# Load the app once in the master so a broken configuration fails before workers fork.
preload_app = True
