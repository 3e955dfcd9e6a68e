"""`manage.py demo` against a database without the demo loaded (test_demo.py shares one load)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from athletes.models import Squad


def test_demo_refuses_to_run_with_debug_off_unless_told(db, settings):
    assert not Squad.objects.exists()  # also: test_demo.py's shared load did not leak
    settings.DEBUG = False
    with pytest.raises(CommandError, match="published passwords"):
        call_command("demo", stdout=StringIO())
    assert not Squad.objects.exists()
