"""WSGI application and URLconf for bench/bench_split_entry.py (bench only, never the app's).

    gunicorn --pythonpath bench split_entry_site:application

The app's URLs plus one bare view, the baseline: `POST /bench/bare-insert/` makes exactly one
INSERT through the ORM of a row shaped like a split (the same columns, foreign keys and unique
client_key as workouts.Split) and answers a short 200. No sign-in, no form, no CSRF check, no
template: what is left is Django's request cycle, the middleware and the one write the split
request exists to make.
"""

import os
import uuid

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "split_entry_settings")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402
from django.db import models  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.urls import include, path  # noqa: E402
from django.views.decorators.csrf import csrf_exempt  # noqa: E402
from django.views.decorators.http import require_POST  # noqa: E402

BARE_TABLE = "bench_bare_insert"


class BareInsert(models.Model):
    """A split-shaped row in a table of its own: the bench creates and drops the table
    (unmanaged, so no migration knows it)."""

    assignment = models.ForeignKey(
        "workouts.Assignment", on_delete=models.CASCADE, related_name="+"
    )
    rep = models.ForeignKey("workouts.SessionRep", on_delete=models.CASCADE, related_name="+")
    time_ms = models.PositiveIntegerField(null=True, blank=True)
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    method = models.CharField(max_length=10, default="typed")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)
    client_key = models.UUIDField(unique=True)
    confirmed_implausible = models.BooleanField(default=False)

    class Meta:
        app_label = "workouts"  # any installed app: the model only names a table
        db_table = BARE_TABLE
        managed = False

    def __str__(self) -> str:
        return f"bare insert {self.pk}"


@csrf_exempt
@require_POST
def bare_insert(request: HttpRequest) -> HttpResponse:
    """One INSERT of what is posted: assignment, rep and user pks, a time in ms, a client key."""
    BareInsert.objects.create(
        assignment_id=int(request.POST["assignment"]),
        rep_id=int(request.POST["rep"]),
        time_ms=int(request.POST["time_ms"]),
        entered_by_id=int(request.POST["user"]),
        client_key=uuid.UUID(request.POST["client_key"]),
    )
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare-insert/", bare_insert),
    path("", include("coaching.urls")),
]
