from django.urls import path

from . import views

app_name = "learning"
urlpatterns = [
    path("", views.home, name="home"),
    path("cases/", views.case_list, name="cases"),
    path("cases/download/<str:file_format>/", views.case_list_download, name="cases-download"),
    path("cases/new/", views.case_create, name="case-create"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/edit/", views.case_edit, name="case-edit"),
    path("cases/<int:pk>/delete/", views.case_delete, name="case-delete"),
    path("cases/<int:pk>/materials/new/", views.case_material_add, name="material-add"),
    path("materials/<int:pk>/", views.case_material, name="material"),
    path("materials/<int:pk>/delete/", views.case_material_delete, name="material-delete"),
    path("field-visits/", views.field_visits, name="field-visits"),
    path(
        "field-visits/<int:pk>/observations/new/",
        views.observation_create,
        name="observation-create",
    ),
    path("observations/<int:pk>/edit/", views.observation_edit, name="observation-edit"),
    path("observations/<int:pk>/delete/", views.observation_delete, name="observation-delete"),
    path("peers/", views.peers, name="peers"),
    path("ambition/", views.ambition, name="ambition"),
    path("ambition/download/<str:file_format>/", views.ambition_download, name="ambition-download"),
    path("network/", views.network, name="network"),
    path("network/season-report/", views.season_report, name="season-report"),
    path(
        "network/season-report/download/<str:file_format>/",
        views.season_report_download,
        name="season-report-download",
    ),
    path("data-needs/", views.data_needs, name="data-needs"),
    path("data-needs/new/", views.data_need_create, name="data-need-create"),
    path(
        "data-needs/download/<str:file_format>/",
        views.data_needs_download,
        name="data-needs-download",
    ),
    path("data-needs/<int:pk>/edit/", views.data_need_edit, name="data-need-edit"),
    path("data-needs/<int:pk>/support/", views.data_need_support, name="data-need-support"),
    path("data-needs/<int:pk>/unsupport/", views.data_need_unsupport, name="data-need-unsupport"),
    path("data-needs/<int:pk>/status/", views.data_need_status, name="data-need-status"),
    path("notices/", views.notices, name="notices"),
]
