from django.urls import path

from . import views

app_name = "workouts"

urlpatterns = [
    path("sessions/", views.my_sessions, name="my_sessions"),
]
