"""The workouts app's REST resources: serializers, filters and viewsets (registered in
coaching.api)."""
