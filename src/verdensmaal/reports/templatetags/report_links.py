from django import template
from django.contrib.auth.models import AnonymousUser

from verdensmaal.reports.report import reads_drafts

register = template.Library()


@register.inclusion_tag("reports/report/_links.html", takes_context=True)
def local_review_links(context, municipality):
    """The links to the municipality's local review report, saying when it holds drafts."""
    request = context.get("request")
    user = request.user if request is not None else AnonymousUser()
    return {"municipality": municipality, "drafts": reads_drafts(user, municipality)}
