from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from verdensmaal.core.permissions import ensure_secretariat
from verdensmaal.core.views import act, form_view, save_form

from .. import services
from ..forms import EnquiryForm, TaskForm, enquiry_ticket, enquiry_ticket_is_valid
from ..models import Enquiry, Task


@require_safe
@login_required
def task_list(request):
    ensure_secretariat(request.user)
    tasks = Task.objects.select_related("owner", "meeting", "membership__organisation")
    return render(request, "network/task_list.html", {"tasks": tasks})


@login_required
@form_view
def task_create(request):
    ensure_secretariat(request.user)
    return _task_form(request, None)


@login_required
@form_view
def task_edit(request, pk: int):
    ensure_secretariat(request.user)
    return _task_form(request, get_object_or_404(Task, pk=pk))


def _task_form(request, task):
    form = TaskForm(
        request.POST or None,
        instance=Task.objects.get(pk=task.pk) if task else None,
        initial={"owner": request.user.pk} if task is None else None,
    )

    def save(form):
        if task is None:
            return services.task_create(actor=request.user, **form.cleaned_data)
        return services.task_update(actor=request.user, task=task, **form.cleaned_data)

    if save_form(request, form, save, success=_("The task is saved.")):
        return redirect("network:tasks")
    return render(request, "network/task_form.html", {"form": form, "task": task})


@form_view
def enquiry_form(request):
    """Prospective members write to the secretariat; a post needs the form's signed ticket."""
    form = EnquiryForm(request.POST or None)
    if request.method == "POST" and not enquiry_ticket_is_valid(request.POST.get("ticket", "")):
        return render(request, "403_csrf.html", status=403)
    saved = save_form(
        request,
        form,
        lambda form: services.enquiry_submit(actor=request.user, **form.cleaned_data),
        success=_("Thank you. The secretariat will answer you as soon as it can."),
    )
    if saved:
        return redirect("network:enquiry")
    return render(request, "network/enquiry_form.html", {"form": form, "ticket": enquiry_ticket()})


@require_safe
@login_required
def enquiry_list(request):
    ensure_secretariat(request.user)
    return render(
        request,
        "network/enquiry_list.html",
        {"enquiries": Enquiry.objects.select_related("handled_by")},
    )


@require_POST
@login_required
def enquiry_handled(request, pk: int):
    enquiry = get_object_or_404(Enquiry, pk=pk)
    return act(
        request,
        lambda: services.enquiry_mark_handled(actor=request.user, enquiry=enquiry),
        success=_("The enquiry is marked as handled."),
        next_url="network:enquiries",
    )
