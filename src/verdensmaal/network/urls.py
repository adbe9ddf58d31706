from django.urls import path

from .views import members, programme

app_name = "network"
urlpatterns = [
    path("", programme.programme, name="programme"),
    path("seasons/new/", programme.season_create, name="season-create"),
    path("seasons/<int:pk>/", programme.season_detail, name="season"),
    path("seasons/<int:pk>/edit/", programme.season_edit, name="season-edit"),
    path("seasons/<int:pk>/calendar.ics", programme.season_calendar, name="season-calendar"),
    path("seasons/<int:pk>/members/", programme.season_members, name="season-members"),
    path("seasons/<int:pk>/members/add/", programme.membership_create, name="membership-create"),
    path("seasons/<int:pk>/directory/", programme.member_directory, name="directory"),
    path("seasons/<int:pk>/meetings/new/", programme.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/", programme.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", programme.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/materials/add/", programme.material_add, name="material-add"),
    path("meetings/<int:pk>/register/", programme.meeting_register, name="meeting-register"),
    path("meetings/<int:pk>/check-in/", programme.meeting_check_in, name="meeting-check-in"),
    path("meetings/<int:pk>/invite/", programme.meeting_invite, name="meeting-invite"),
    path("meetings/<int:pk>/attendance/", programme.meeting_attendance, name="meeting-attendance"),
    path("materials/<int:pk>/", programme.material_download, name="material"),
    path(
        "meeting-registrations/<int:pk>/cancel/",
        programme.meeting_registration_cancel,
        name="meeting-registration-cancel",
    ),
    path("calendar/<str:token>.ics", programme.participant_calendar, name="participant-calendar"),
    path("memberships/", members.membership_list, name="memberships"),
    path("memberships/<int:pk>/", members.membership_detail, name="membership"),
    path("memberships/<int:pk>/register/", members.season_register, name="season-register"),
    path("memberships/<int:pk>/invoice/", members.invoice_issue, name="invoice-issue"),
    path("organisations/<int:pk>/participants/", members.participant_list, name="participants"),
    path(
        "organisations/<int:pk>/participants/new/",
        members.participant_create,
        name="participant-create",
    ),
    path("participants/<int:pk>/", members.participant_detail, name="participant"),
    path(
        "participants/<int:pk>/export.json", members.participant_export, name="participant-export"
    ),
    path("participants/<int:pk>/erase/", members.participant_erase, name="participant-erase"),
    path("invoices/", members.invoice_list, name="invoices"),
    path("invoices/export.csv", members.invoice_csv, name="invoices-csv"),
    path("invoices/<int:pk>/", members.invoice_detail, name="invoice"),
    path("invoices/<int:pk>/pdf/", members.invoice_pdf, name="invoice-pdf"),
    path("invoices/<int:pk>/xml/", members.invoice_xml, name="invoice-xml"),
    path("invoices/<int:pk>/credit/", members.invoice_credit, name="invoice-credit"),
    path("invoices/<int:pk>/paid/", members.invoice_paid, name="invoice-paid"),
    path("tasks/", members.task_list, name="tasks"),
    path("tasks/new/", members.task_create, name="task-create"),
    path("tasks/<int:pk>/", members.task_edit, name="task"),
    path("enquiry/", members.enquiry_form, name="enquiry"),
    path("enquiries/", members.enquiry_list, name="enquiries"),
    path("enquiries/<int:pk>/handled/", members.enquiry_handled, name="enquiry-handled"),
]
