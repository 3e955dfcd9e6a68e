"""The workouts app's REST resources: serializers and viewsets (registered in coaching.api)."""
