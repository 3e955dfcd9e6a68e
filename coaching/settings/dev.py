"""Local development: DEBUG on, SQLite unless DATABASE_URL says otherwise."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

from .base import *  # noqa: F403

# runserver serves static files from the app folders; nothing is collected in development.
STATIC_ROOT = None
