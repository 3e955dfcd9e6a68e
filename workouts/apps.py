from django.apps import AppConfig


class WorkoutsConfig(AppConfig):
    name = "workouts"
    verbose_name = "Workouts"

    def ready(self):
        from athletes import services

        from . import targets

        services.default_targets_reader_add(targets.parse_default_targets)
