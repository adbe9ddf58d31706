from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from verdensmaal.areas import views as areas_views
from verdensmaal.catalogue import views as catalogue_views
from verdensmaal.dashboards import views as dashboards_views
from verdensmaal.data import views as data_views
from verdensmaal.ops import views as ops_views
from verdensmaal.reports import views as reports_views

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

# The goals: the catalogue's list and translations, and each goal's page with its map.
goal_patterns = (
    [
        path("", catalogue_views.goal_list, name="goals"),
        path("<int:number>/", dashboards_views.goal_detail, name="goal"),
        path(
            "targets/<str:code>/translation/",
            catalogue_views.target_translation,
            name="target-translation",
        ),
    ],
    "catalogue",
)

# The municipalities: the list by region, and each one's profile.
municipality_patterns = (
    [
        path("", areas_views.municipality_list, name="municipalities"),
        path("<str:code>/", reports_views.profile, name="municipality"),
    ],
    "areas",
)

urlpatterns = [
    path("", include("verdensmaal.portal.urls")),
    path("goals/", include(goal_patterns)),
    path("municipalities/", include(municipality_patterns)),
    path("", include("verdensmaal.reports.urls")),
    path("indicators/", include(indicator_patterns)),
    path("data/", include("verdensmaal.data.urls")),
    path("progress/", include("verdensmaal.dashboards.urls")),
    path("frameworks/", include("verdensmaal.frameworks.urls")),
    path("screening/", include("verdensmaal.documents.urls")),
    path("learning/", include("verdensmaal.learning.urls")),
    path("accounts/", include("verdensmaal.accounts.urls")),
    path("network/", include("verdensmaal.network.urls")),
    path("changes/", include("verdensmaal.audit.urls")),
    path("api/", include("verdensmaal.api.urls")),
    # Without a CSRF token, so that the language switch on every page leaves the page cacheable:
    # a forged post can do no more than choose Danish or English for the visitor.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("healthz", ops_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

handler400 = "verdensmaal.core.views.bad_request"
handler403 = "verdensmaal.core.views.permission_denied"
handler404 = "verdensmaal.core.views.page_not_found"
