from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from verdensmaal.audit.services import diff, log_action
from verdensmaal.core.permissions import ensure_secretariat

from .models import GlobalIndicator, Goal, Target


def _kept(existing: str, reference: str) -> str:
    """A reference text, unless the file has none and the secretariat has written one."""
    return reference or existing


@transaction.atomic
def sdg_framework_load(data: dict) -> dict[str, int]:
    """Create or update the goals, targets and global indicators; safe to run again.

    Danish translations that the secretariat has added are kept when the reference has none.
    """
    goals = {}
    for item in data["goals"]:
        goal, _created = Goal.objects.update_or_create(
            number=item["number"],
            defaults={
                "name_da": item["name"]["da"],
                "name_en": item["name"]["en"],
                "title_en": item["title"]["en"],
                "colour": item["colour"],
            },
        )
        goals[goal.number] = goal
    targets = {}
    for position, item in enumerate(data["targets"]):
        goal = goals[int(item["code"].split(".")[0])]
        existing = Target.objects.filter(code=item["code"]).first()
        target, _created = Target.objects.update_or_create(
            code=item["code"],
            defaults={
                "goal": goal,
                "position": position,
                "title_en": item["title"]["en"],
                "title_da": _kept(existing.title_da if existing else "", item["title"]["da"]),
            },
        )
        targets[target.code] = target
    for position, item in enumerate(data["indicators"]):
        target_code = item["code"].rsplit(".", 1)[0]
        existing = GlobalIndicator.objects.filter(code=item["code"]).first()
        GlobalIndicator.objects.update_or_create(
            code=item["code"],
            defaults={
                "target": targets[target_code],
                "position": position,
                "title_en": item["title"]["en"],
                "title_da": _kept(existing.title_da if existing else "", item["title"]["da"]),
            },
        )
    return {
        "goals": Goal.objects.count(),
        "targets": Target.objects.count(),
        "indicators": GlobalIndicator.objects.count(),
    }


def target_translate(*, actor, target: Target, title_da: str) -> Target:
    """The secretariat adds or corrects the Danish text of a target."""
    ensure_secretariat(actor)
    title_da = " ".join(title_da.split())
    if not title_da:
        raise ValidationError({"title_da": _("Write the Danish text of the target.")})
    with transaction.atomic():
        target = Target.objects.select_for_update().get(pk=target.pk)
        changes = diff({"title_da": target.title_da}, {"title_da": title_da})
        target.title_da = title_da
        target.full_clean()
        target.save(update_fields=["title_da"])
        if changes:
            log_action(
                actor=actor, action="catalogue.target.translated", obj=target, changes=changes
            )
    return target
