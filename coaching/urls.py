from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import api, dashboards, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("sw.js", views.service_worker, name="service_worker"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/tokens/", views.token_list, name="tokens"),
    path("account/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("admin/", admin.site.urls),
    *api.urls(),
    path("athletes/<int:pk>/dashboard/", dashboards.athlete_dashboard, name="athlete_dashboard"),
    path("squads/<int:pk>/dashboard/", dashboards.squad_dashboard, name="squad_dashboard"),
    path("", include("athletes.urls")),
    path("", include("workouts.urls")),
]
