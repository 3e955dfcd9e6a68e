"""Rules every request and response passes through: NUL refused before the database, a
domain error no view caught answered 400, signed-in pages kept private."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render

from athletes.errors import DomainError

NUL_REFUSED = "Text may not contain NUL characters."


class RefuseNulMiddleware:
    """400 for a request whose path or query string holds a NUL character.

    PostgreSQL refuses NUL in text, so `?q=%00` would otherwise become a 500 wherever the value
    reaches a query. Form bodies are not read here: Django's form fields refuse NUL one by one.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            if request.path.startswith("/api/"):  # the API's one error shape (coaching.api)
                return JsonResponse({"error": {"message": NUL_REFUSED}}, status=400)
            return HttpResponseBadRequest(NUL_REFUSED, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class DomainErrorMiddleware:
    """The net under every view: a DomainError (notation, split, pace or rule) that a view
    did not turn into a form error becomes a 400 page with its message, never a 500. Views
    should still catch them where they can show the message beside the field."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError):
            return None
        return render(request, "refused.html", {"message": exception.message}, status=400)


class PrivatePagesMiddleware:
    """A signed-in user's pages are theirs alone: `Cache-Control: private, no-store`, so
    neither a shared cache nor the browser's history keeps a copy, unless the view chose its
    own caching. Static files never get here (whitenoise answers them earlier)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
        return response
