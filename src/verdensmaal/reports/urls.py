from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path(
        "municipalities/<str:code>/download/<str:file_format>/",
        views.profile_download,
        name="profile-download",
    ),
]
