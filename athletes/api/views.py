"""The athletes app's API viewsets: thin, their querysets scoped by athletes.permissions."""

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import viewsets

from .. import permissions
from .serializers import SquadSerializer

SQUAD_EXAMPLE = OpenApiExample(
    "A squad",
    value={
        "id": 1,
        "name": "Middle distance",
        "shares_results": False,
        "default_targets": "1K @5K, 500m @mile, 300m @800, 200m @400",
        "coaches": ["Ana Coach"],
    },
    response_only=True,
)


@extend_schema_view(
    list=extend_schema(summary="Squads you coach or belong to", examples=[SQUAD_EXAMPLE]),
    retrieve=extend_schema(summary="One squad", examples=[SQUAD_EXAMPLE]),
)
class SquadViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SquadSerializer
    lookup_value_converter = "int"

    def get_queryset(self):
        return (
            permissions.squads_visible_to(self.request.user)
            .prefetch_related("coaches")
            .order_by("name", "pk")
        )
