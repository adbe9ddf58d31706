from django.urls import path

from . import views

app_name = "frameworks"
urlpatterns = [
    path("", views.framework_list, name="list"),
    path("new/", views.framework_create, name="create"),
    path("f/<int:pk>/edit/", views.framework_edit, name="edit"),
    path("f/<int:pk>/priorities/new/", views.priority_create, name="priority_create"),
    path("f/<int:pk>/targets/new/", views.local_target_create, name="local_target_create"),
    path("f/<int:pk>/actions/new/", views.action_create, name="action_create"),
    path("f/<int:pk>/strategies/new/", views.strategy_create, name="strategy_create"),
    path("priorities/<int:pk>/edit/", views.priority_edit, name="priority_edit"),
    path("priorities/<int:pk>/delete/", views.priority_delete, name="priority_delete"),
    path("targets/<int:pk>/edit/", views.local_target_edit, name="local_target_edit"),
    path(
        "targets/<int:pk>/factors/new/",
        views.local_target_factor_create,
        name="local_target_factor_create",
    ),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/milestones/new/", views.milestone_create, name="milestone_create"),
    path("actions/<int:pk>/partners/new/", views.partner_create, name="partner_create"),
    path(
        "actions/<int:pk>/updates/new/",
        views.progress_update_create,
        name="progress_update_create",
    ),
    path("actions/<int:pk>/factors/new/", views.action_factor_create, name="action_factor_create"),
    path("milestones/<int:pk>/edit/", views.milestone_edit, name="milestone_edit"),
    path("milestones/<int:pk>/delete/", views.milestone_delete, name="milestone_delete"),
    path("partners/<int:pk>/edit/", views.partner_edit, name="partner_edit"),
    path("partners/<int:pk>/delete/", views.partner_delete, name="partner_delete"),
    path("updates/<int:pk>/edit/", views.progress_update_edit, name="progress_update_edit"),
    path("updates/<int:pk>/delete/", views.progress_update_delete, name="progress_update_delete"),
    path("factors/<int:pk>/edit/", views.factor_edit, name="factor_edit"),
    path("factors/<int:pk>/delete/", views.factor_delete, name="factor_delete"),
    path("strategies/<int:pk>/edit/", views.strategy_edit, name="strategy_edit"),
    path("strategies/<int:pk>/delete/", views.strategy_delete, name="strategy_delete"),
    path("strategies/<int:pk>/file/", views.strategy_file, name="strategy_file"),
    # Last, so that the words above are never read as a municipality code.
    path("<str:code>/", views.framework_overview, name="overview"),
    path("<str:code>/<int:pk>/", views.framework_detail, name="detail"),
]
