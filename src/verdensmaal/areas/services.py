from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from verdensmaal.audit.services import diff, log_action
from verdensmaal.core.permissions import ensure_secretariat

from . import audit_actions
from .models import Area, PeerGroup


@transaction.atomic
def areas_load(data: dict) -> dict[str, int]:
    """Create or update Denmark, the regions and the municipalities; safe to run again."""
    country, _created = Area.objects.update_or_create(
        code=data["country"]["code"],
        defaults={
            "kind": Area.Kind.COUNTRY,
            "name_da": data["country"]["name"]["da"],
            "name_en": data["country"]["name"]["en"],
            "parent": None,
        },
    )
    regions = {}
    for item in data["regions"]:
        regions[item["code"]], _created = Area.objects.update_or_create(
            code=item["code"],
            defaults={
                "kind": Area.Kind.REGION,
                "name_da": item["name"]["da"],
                "name_en": item["name"]["en"],
                "parent": country,
                "dagi_code": item["dagi_code"],
                "iso_3166_2": item["iso_3166_2"],
                "nuts2": item["nuts2"],
            },
        )
    for item in data["municipalities"]:
        Area.objects.update_or_create(
            code=item["code"],
            defaults={
                "kind": Area.Kind.MUNICIPALITY,
                "name_da": item["name"],
                "name_en": item["name"],
                "parent": regions[item["region"]],
                "dagi_code": item["dagi_code"],
            },
        )
    return {kind: Area.objects.filter(kind=kind).count() for kind in Area.Kind.values}


def peer_group_save(
    *,
    actor,
    name_da: str,
    municipalities,
    name_en: str = "",
    description_da: str = "",
    description_en: str = "",
) -> PeerGroup:
    """The secretariat creates a peer group, or changes the one of that Danish name."""
    ensure_secretariat(actor)
    municipalities = list(municipalities)
    if any(area.kind != Area.Kind.MUNICIPALITY for area in municipalities):
        raise ValidationError({"municipalities": _("A peer group holds municipalities only.")})
    with transaction.atomic():
        group = PeerGroup.objects.select_for_update().filter(name_da=name_da).first()
        before = _peer_group_state(group) if group else {}
        group = group or PeerGroup(name_da=name_da)
        group.name_en, group.description_da = name_en, description_da
        group.description_en = description_en
        group.full_clean()
        group.save()
        group.municipalities.set(municipalities)
        if changes := diff(before, _peer_group_state(group)):
            log_action(
                actor=actor, action=audit_actions.PEER_GROUP_SAVED, obj=group, changes=changes
            )
    return group


def _peer_group_state(group: PeerGroup) -> dict:
    return {
        "name_en": group.name_en,
        "description_da": group.description_da,
        "description_en": group.description_en,
        "municipalities": ", ".join(sorted(group.municipalities.values_list("code", flat=True))),
    }
