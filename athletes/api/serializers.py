"""How the athletes app's objects read as JSON. Serializers parse and display; the rules
live in athletes.services."""

from rest_framework import serializers

from ..models import Squad


class SquadSerializer(serializers.ModelSerializer):
    coaches = serializers.SerializerMethodField()

    class Meta:
        model = Squad
        fields = ["id", "name", "shares_results", "default_targets", "coaches"]

    def get_coaches(self, squad: Squad) -> list[str]:
        return [coach.get_full_name() or coach.username for coach in squad.coaches.all()]
