"""Settings for bench/bench_split_entry.py: production's, with the bench's URLconf.

Production settings as they are (DEBUG off, the full middleware, the sign-in throttle on, a
persistent connection with health checks), read from the same environment variables; the only
change is ROOT_URLCONF, which adds the bare-insert baseline to the app's own URLs. Not imported
by the app: gunicorn and the bench script find it with `bench/` on the Python path.
"""

from coaching.settings.production import *  # noqa: F403

ROOT_URLCONF = "split_entry_site"
WSGI_APPLICATION = "split_entry_site.application"
