from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("network/overview/", views.network_overview, name="network"),
    path(
        "network/overview/download/<str:file_format>/",
        views.network_overview_download,
        name="network-download",
    ),
    path(
        "municipalities/<str:code>/download/<str:file_format>/",
        views.profile_download,
        name="profile-download",
    ),
    path(
        "municipalities/<str:code>/local-review/<str:file_format>/",
        views.local_review,
        name="local-review",
    ),
]
