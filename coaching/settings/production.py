"""Production: everything from the environment, HTTPS only, hashed static files.

Required: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL. Optional: CSRF_TRUSTED_ORIGINS,
SECURE_PROXY_SSL_HEADER (set to "HTTP_X_FORWARDED_PROTO" behind a TLS-terminating proxy),
SECURE_SSL_REDIRECT, SECURE_HSTS_SECONDS, SECURE_HSTS_PRELOAD (off unless set true),
CLIENT_IP_HEADER (see base).
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import STORAGES
from .env import env_bool, env_int, env_str

DEBUG = False
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the host names that serve Breakdown.")
env_str("DATABASE_URL")  # refuse to fall back to SQLite in production

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

proxy_header = env_str("SECURE_PROXY_SSL_HEADER", "")
if proxy_header:
    SECURE_PROXY_SSL_HEADER = (proxy_header, "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the container health check speaks plain HTTP
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading is a promise to the browsers' built-in lists, slow to take back and binding on
# every subdomain: the operator opts in. Until then `check --deploy` need not remind us.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
