"""Test runs: fast password hashing, DATABASE_URL chosen by `make test`."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-insecure-key")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STATIC_ROOT = None  # tests read static files from the app folders, nothing is collected

# Sign-in throttling stays out of the way of tests that log in with `client.login()` (which
# passes no request, and django-axes needs one); the lockout tests switch it back on.
AXES_ENABLED = False
