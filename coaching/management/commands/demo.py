from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from coaching.demo import demo_load


class Command(BaseCommand):
    help = "Load the demo squad, season, athletes and logins (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load demo logins even though DEBUG is off (they have published passwords).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "DEBUG is off: the demo logins have published passwords. "
                "Pass --allow-production if you really want them here."
            )
        logins = demo_load(today=timezone.localdate())
        self.stdout.write(self.style.SUCCESS(f"Demo squad ready: {logins.squad.name}"))
        self.stdout.write("Logins (username / password):")
        self.stdout.write(f"  coach    {logins.coach[0]} / {logins.coach[1]}")
        for username, password, name in logins.athletes:
            self.stdout.write(f"  athlete  {username} / {password}  ({name})")
