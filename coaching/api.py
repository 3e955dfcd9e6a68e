"""The REST API's one module: its router, schema and docs URLs, pagination, throttles and
the exception handler that turns every refusal into the same JSON.

Each app keeps its serializers and viewsets in its own `api/` package; they are registered
here, under /api/v1/. Their querysets come from selectors scoped by `athletes.permissions`.

Every error answers `{"error": {"message": …}}`, plus, where they apply, "position" (a
0-based index into the text a notation or split error points at), "field" (the input a rule
is about) and "fields" (each invalid input's messages). Bad input is a 4xx, never a 500.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from athletes.errors import DomainError, RuleError

# Nothing that defines a DRF view is imported at the top of this module: DRF builds every
# view class from the settings that name this module's throttles and pagination, so such an
# import would come back here before they exist. The functions below import them late.


class TokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <token>` with a token made on the tokens page. First in the
    settings, so a request with no credentials answers 401 and says how to authenticate."""

    keyword = "Bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in (b"bearer", b"token"):
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Send the header as 'Bearer <token>'.")
        from . import tokens  # the model, which needs the app registry ready

        try:
            token = tokens.token_authenticate(parts[1].decode("ascii"))
        except UnicodeDecodeError:
            token = None
        if token is None:
            raise exceptions.AuthenticationFailed("Unknown or revoked token.")
        return token.user, token

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'


class Pagination(PageNumberPagination):
    """`?page=` and `?page_size=` (at most 500): one COUNT and one page query per list."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


REFUSED_BY_TOKEN = "_breakdown_refused_by_token_rate"


class UserThrottle(UserRateThrottle):
    """Per signed-in user, whichever way they authenticated (rate "user"): one count across
    all their tokens and their browser session. A request its token's own rate already
    refused is not counted (TokenThrottle runs first), so one runaway script does not spend
    the rate of the user's other tokens."""

    def allow_request(self, request, view) -> bool:
        if getattr(request, REFUSED_BY_TOKEN, False):
            return True  # refused already; the token's throttle says when to come back
        return super().allow_request(request, view)


class TokenThrottle(SimpleRateThrottle):
    """Per API token (rate "token"), keyed by the token's id, so one runaway script is held
    back before it uses up its user's whole rate. A request without a token (the browser's
    session, or nobody) is not counted here."""

    scope = "token"

    def allow_request(self, request, view) -> bool:
        allowed = super().allow_request(request, view)
        setattr(request, REFUSED_BY_TOKEN, not allowed)
        return allowed

    def get_cache_key(self, request, view):
        from .models import ApiToken

        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class AnonThrottle(AnonRateThrottle):
    """Per address for requests with no credentials (rate "anon")."""


# ---------------------------------------------------------------- errors


def _error(message: str, **extra) -> dict:
    return {"error": {"message": message, **{k: v for k, v in extra.items() if v is not None}}}


def _first_message(detail) -> str:
    """The first human message in a DRF error detail (a string, list or dict of them)."""
    if isinstance(detail, dict):
        for field, value in detail.items():
            message = _first_message(value)
            if field in ("non_field_errors", "detail"):
                return message
            return f"{field}: {message}"
        return "Invalid input."
    if isinstance(detail, list):
        return _first_message(detail[0]) if detail else "Invalid input."
    return str(detail)


def exception_handler(exc, context) -> Response | None:
    """DRF's handler, answering in the one error shape; domain errors become 400s with
    their message, position and field. Anything else (a bug) is left to become a 500."""
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DomainError):
        field = exc.field if isinstance(exc, RuleError) else None
        return Response(
            _error(exc.message, position=exc.position, field=field),
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = exc.detail if isinstance(exc.detail, dict) else None
        response.data = _error(_first_message(exc.detail), fields=fields)
    else:
        response.data = _error(_first_message(exc.detail))
    return response


ERROR_EXAMPLES = {
    "400": {"error": {"message": "date: Enter a date between 1 Jan 1900 and today."}},
    "401": {"error": {"message": "Authentication credentials were not provided."}},
    "403": {"error": {"message": "You do not have permission to perform this action."}},
    "404": {"error": {"message": "Not found."}},
    "429": {"error": {"message": "Request was throttled. Expected available in 12 seconds."}},
}
ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["message"],
            "properties": {
                "message": {"type": "string"},
                "position": {
                    "type": "integer",
                    "description": "0-based index into the text a notation or split error "
                    "points at.",
                },
                "field": {"type": "string", "description": "The input a rule is about."},
                "fields": {
                    "type": "object",
                    "description": "Each invalid input's messages.",
                    "additionalProperties": True,
                },
            },
        }
    },
}
ERROR_DESCRIPTIONS = {
    "400": "Bad input: the message says what to change, and nothing was written.",
    "401": "No credentials, or a token that is unknown or revoked.",
    "403": "Signed in, but this write is not yours to make.",
    "404": "No such object, or one you may not see (other squads' objects look absent).",
    "429": "Too many requests: wait the seconds in Retry-After.",
}


def document_errors(result, generator, request, public):
    """Schema postprocessing hook: every operation documents the one error shape for the
    errors it can answer (400 only where it takes input or parameters), with an example."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = ["401", "404", "429"]
            if method in ("post", "put", "patch", "delete"):
                codes += ["400", "403"]
            elif operation.get("parameters"):
                codes.append("400")
            for code in codes:
                operation["responses"].setdefault(
                    code,
                    {
                        "description": ERROR_DESCRIPTIONS[code],
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Error"},
                                "example": ERROR_EXAMPLES[code],
                            }
                        },
                    },
                )
    return result


# ---------------------------------------------------------------- routes


def _router():
    from rest_framework.routers import DefaultRouter

    from athletes.api import views as athletes_api
    from workouts.api import dashboards
    from workouts.api import views as workouts_api

    router = DefaultRouter(use_regex_path=False)
    router.include_format_suffixes = False  # JSON only: no ".json" twins of every route
    router.register("squads", athletes_api.SquadViewSet, basename="squad")
    router.register("athletes", athletes_api.AthleteViewSet, basename="athlete")
    router.register("seasons", athletes_api.SeasonViewSet, basename="season")
    router.register("race-results", athletes_api.RaceResultViewSet, basename="race-result")
    router.register("zones", athletes_api.ZoneEntryViewSet, basename="zone-entry")
    # workouts: templates, the notation preview, sessions, splits, reports
    router.register("templates", workouts_api.TemplateViewSet, basename="template")
    router.register(
        "template-versions", workouts_api.TemplateVersionViewSet, basename="template-version"
    )
    router.register("notation", workouts_api.NotationViewSet, basename="notation")
    router.register("sessions", workouts_api.SessionViewSet, basename="session")
    router.register("splits", workouts_api.SplitViewSet, basename="split")
    router.register("reports", workouts_api.ReportViewSet, basename="report")
    router.register(
        "dashboards/athletes", dashboards.AthleteDashboardViewSet, basename="dashboard-athlete"
    )
    router.register(
        "dashboards/squads", dashboards.SquadDashboardViewSet, basename="dashboard-squad"
    )
    return router


@csrf_exempt  # it writes nothing; a POST must get this answer, not the CSRF failure page
def not_found(request, rest: str = "") -> JsonResponse:
    """Any other path under /api/ (an id that is not a number, a resource that does not
    exist): the error shape, not the site's HTML page."""
    return JsonResponse(_error("Not found."), status=status.HTTP_404_NOT_FOUND)


def urls() -> list:
    from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

    from workouts.api import export as export_api
    from workouts.api import views as workouts_api

    return [
        # Not a resource but a streamed file: a plain view beside the router's resources.
        path(
            "api/v1/exports/season/",
            export_api.SeasonExportView.as_view(),
            name="api-export-season",
        ),
        # A file, not a resource: SessionViewSet.workout_fit, routed without the router's slash.
        path(
            "api/v1/sessions/<int:pk>/workout.fit",
            workouts_api.SessionViewSet.as_view(
                {"get": "workout_fit"},
                detail=True,
                content_negotiation_class=workouts_api.FileOrJsonErrors,
            ),
            name="api-session-workout-fit",
        ),
        path("api/v1/", include(_router().urls)),
        path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
        path(
            "api/docs/",
            SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
            name="api-docs",
        ),
        # [\s\S], not ".": a path holding a line break is still an API path
        re_path(r"^api/(?P<rest>[\s\S]*)$", not_found, name="api-not-found"),
    ]


# ---------------------------------------------------------------- the schema's auth scheme

# drf-spectacular's extensions import DRF's views, which read the settings that name this
# module's classes: imported here, after every one of them exists.
from drf_spectacular.extensions import OpenApiAuthenticationExtension  # noqa: E402


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    """TokenAuthentication in the schema: an HTTP bearer scheme, so the docs page's
    Authorize button takes a token from the tokens page."""

    target_class = "coaching.api.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A token made on the tokens page (/account/tokens/), sent as "
            "`Authorization: Bearer <token>`.",
        }
