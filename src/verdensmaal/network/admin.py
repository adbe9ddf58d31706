"""The back office shows the network's records; writes go through the product's pages, where
they are permission-checked and audit-logged."""

from django.contrib import admin

from verdensmaal.audit.admin import ReadOnlyAdmin, ReadOnlyMixin

from .models import (
    Enquiry,
    Invoice,
    InvoiceLine,
    Meeting,
    MeetingRegistration,
    Membership,
    Participant,
    Season,
    SeasonRegistration,
    SentReminder,
    Speaker,
    Task,
)


class SpeakerInline(ReadOnlyMixin, admin.TabularInline):
    model = Speaker
    extra = 0


class InvoiceLineInline(SpeakerInline):
    model = InvoiceLine


@admin.register(Season)
class SeasonAdmin(ReadOnlyAdmin):
    list_display = ["name", "title_da", "starts_on", "ends_on", "base_price", "further_discount"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["title_da", "season", "starts_at", "format", "city", "capacity"]
    list_filter = ["season", "format"]
    inlines = [SpeakerInline]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "season", "invoice_reference"]
    list_filter = ["season"]


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdmin):
    list_display = ["name", "organisation", "role", "email", "directory_consent", "erased_at"]
    list_filter = ["role", "organisation"]
    search_fields = ["name", "email"]


@admin.register(SeasonRegistration)
class SeasonRegistrationAdmin(ReadOnlyAdmin):
    list_display = ["participant", "membership", "position", "price", "invoice"]


@admin.register(MeetingRegistration)
class MeetingRegistrationAdmin(ReadOnlyAdmin):
    list_display = ["participant", "meeting", "status", "attended_at", "attendance_method"]
    list_filter = ["status", "meeting"]


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = ["number", "kind", "buyer_name", "issue_date", "gross_total", "paid_at"]
    list_filter = ["kind"]
    search_fields = ["number", "buyer_name", "buyer_ean"]
    inlines = [InvoiceLineInline]


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ["title", "owner", "due_on", "status"]


@admin.register(Enquiry)
class EnquiryAdmin(ReadOnlyAdmin):
    list_display = ["organisation_name", "name", "email", "created_at", "handled_at"]


@admin.register(SentReminder)
class SentReminderAdmin(ReadOnlyAdmin):
    list_display = ["key", "recipient", "sent_at"]
