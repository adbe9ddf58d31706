from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("verdensmaal.portal.urls")),
    path("goals/", include("verdensmaal.catalogue.urls")),
    path("municipalities/", include("verdensmaal.areas.urls")),
    path("indicators/", include("verdensmaal.catalogue.indicator_urls")),
    path("data/", include("verdensmaal.data.urls")),
    path("progress/", include("verdensmaal.dashboards.urls")),
    path("frameworks/", include("verdensmaal.frameworks.urls")),
    path("accounts/", include("verdensmaal.accounts.urls")),
    path("network/", include("verdensmaal.network.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
