from django.urls import path

from .views import edit, pages, remove

app_name = "frameworks"
urlpatterns = [
    path("", pages.framework_list, name="list"),
    path("new/", edit.framework_create, name="create"),
    path("f/<int:pk>/edit/", edit.framework_edit, name="edit"),
    path("f/<int:pk>/publish/", edit.framework_publish, name="publish"),
    path("f/<int:pk>/withdraw/", edit.framework_withdraw, name="withdraw"),
    path("f/<int:pk>/priorities/new/", edit.priority_create, name="priority_create"),
    path("f/<int:pk>/targets/new/", edit.local_target_create, name="local_target_create"),
    path("f/<int:pk>/actions/new/", edit.action_create, name="action_create"),
    path("f/<int:pk>/strategies/new/", edit.strategy_create, name="strategy_create"),
    path("priorities/<int:pk>/edit/", edit.priority_edit, name="priority_edit"),
    path("priorities/<int:pk>/delete/", remove.priority_delete, name="priority_delete"),
    path("targets/<int:pk>/edit/", edit.local_target_edit, name="local_target_edit"),
    path(
        "targets/<int:pk>/factors/new/",
        edit.local_target_factor_create,
        name="local_target_factor_create",
    ),
    path("actions/<int:pk>/", pages.action_detail, name="action"),
    path("actions/<int:pk>/edit/", edit.action_edit, name="action_edit"),
    path("actions/<int:pk>/goals/", edit.action_goals_confirm, name="action_goals"),
    path("actions/<int:pk>/milestones/new/", edit.milestone_create, name="milestone_create"),
    path("actions/<int:pk>/partners/new/", edit.partner_create, name="partner_create"),
    path(
        "actions/<int:pk>/updates/new/",
        edit.progress_update_create,
        name="progress_update_create",
    ),
    path("actions/<int:pk>/factors/new/", edit.action_factor_create, name="action_factor_create"),
    path("milestones/<int:pk>/edit/", edit.milestone_edit, name="milestone_edit"),
    path("milestones/<int:pk>/delete/", remove.milestone_delete, name="milestone_delete"),
    path("partners/<int:pk>/edit/", edit.partner_edit, name="partner_edit"),
    path("partners/<int:pk>/delete/", remove.partner_delete, name="partner_delete"),
    path("updates/<int:pk>/edit/", edit.progress_update_edit, name="progress_update_edit"),
    path("updates/<int:pk>/delete/", remove.progress_update_delete, name="progress_update_delete"),
    path("factors/<int:pk>/edit/", edit.factor_edit, name="factor_edit"),
    path("factors/<int:pk>/delete/", remove.factor_delete, name="factor_delete"),
    path("strategies/<int:pk>/edit/", edit.strategy_edit, name="strategy_edit"),
    path("strategies/<int:pk>/delete/", remove.strategy_delete, name="strategy_delete"),
    path("strategies/<int:pk>/file/", pages.strategy_file, name="strategy_file"),
    # Last, so that the words above are never read as a municipality code.
    path("<str:code>/", pages.framework_overview, name="overview"),
    path("<str:code>/<int:pk>/", pages.framework_detail, name="detail"),
]
