from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from verdensmaal.catalogue import views as catalogue_views
from verdensmaal.data import views as data_views
from verdensmaal.ops import views as ops_views

# The indicator pages: the catalogue's list and editing, and the data page of one indicator.
indicator_patterns = (
    [
        path("", catalogue_views.indicator_list, name="list"),
        path("new/", catalogue_views.indicator_edit, name="new"),
        path("<str:code>/", data_views.indicator_detail, name="detail"),
        path("<str:code>/edit/", catalogue_views.indicator_edit, name="edit"),
    ],
    "indicators",
)

urlpatterns = [
    path("", include("verdensmaal.portal.urls")),
    path("goals/", include("verdensmaal.catalogue.urls")),
    path("municipalities/", include("verdensmaal.areas.urls")),
    path("indicators/", include(indicator_patterns)),
    path("data/", include("verdensmaal.data.urls")),
    path("progress/", include("verdensmaal.dashboards.urls")),
    path("frameworks/", include("verdensmaal.frameworks.urls")),
    path("accounts/", include("verdensmaal.accounts.urls")),
    path("network/", include("verdensmaal.network.urls")),
    # Without a CSRF token, so that the language switch on every page leaves the page cacheable:
    # a forged post can do no more than choose Danish or English for the visitor.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("healthz", ops_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

handler400 = "verdensmaal.core.views.bad_request"
handler403 = "verdensmaal.core.views.permission_denied"
handler404 = "verdensmaal.core.views.page_not_found"
