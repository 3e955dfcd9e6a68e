"""What every page's menu offers, as `athletes.permissions` decides it."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from athletes import permissions


def menu(request: HttpRequest) -> dict:
    """Evaluated only when a page shows the menu (signed-in users), one query per link."""
    user = request.user
    return {
        "menu": SimpleLazyObject(
            lambda: {
                "squads": permissions.can_list_squads(user),
                "my_sessions": permissions.has_own_sessions(user),
                "admin": permissions.can_use_admin(user),
            }
        )
    }
