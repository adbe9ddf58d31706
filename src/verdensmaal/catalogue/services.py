from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from verdensmaal.audit.services import diff, log_action
from verdensmaal.core.permissions import ensure_secretariat

from . import audit_actions
from .models import GlobalIndicator, Goal, Indicator, Target


def _danish_title(existing, shipped: str) -> dict[str, str]:
    """The Danish title to store, and the reference file's text to remember as shipped.

    A title that differs from what the file shipped last time was written in the product (on the
    goal page or in the back office) and is kept; any other title follows the file, so an
    improved translation replaces the older one. Before the file had Danish texts nothing was
    shipped, so every Danish title already in the database counts as written in the product.
    """
    if existing is not None and existing.title_da not in ("", existing.title_da_shipped):
        return {"title_da": existing.title_da, "title_da_shipped": shipped}
    return {"title_da": shipped, "title_da_shipped": shipped}


@transaction.atomic
def sdg_framework_load(data: dict) -> dict[str, int]:
    """Create or update the goals, targets and global indicators; safe to run again.

    The Danish titles follow the reference file, except those written in the product, which are
    never overwritten (``_danish_title``).
    """
    existing_goals = {g.number: g for g in Goal.objects.all()}
    goals = {}
    for item in data["goals"]:
        goal, _created = Goal.objects.update_or_create(
            number=item["number"],
            defaults={
                "name_da": item["name"]["da"],
                "name_en": item["name"]["en"],
                "title_en": item["title"]["en"],
                **_danish_title(existing_goals.get(item["number"]), item["title"]["da"]),
                "colour": item["colour"],
            },
        )
        goals[goal.number] = goal
    existing_targets = {t.code: t for t in Target.objects.all()}
    targets = {}
    for position, item in enumerate(data["targets"]):
        goal = goals[int(item["code"].split(".")[0])]
        target, _created = Target.objects.update_or_create(
            code=item["code"],
            defaults={
                "goal": goal,
                "position": position,
                "title_en": item["title"]["en"],
                **_danish_title(existing_targets.get(item["code"]), item["title"]["da"]),
            },
        )
        targets[target.code] = target
    existing_indicators = {i.code: i for i in GlobalIndicator.objects.all()}
    for position, item in enumerate(data["indicators"]):
        target_code = item["code"].rsplit(".", 1)[0]
        GlobalIndicator.objects.update_or_create(
            code=item["code"],
            defaults={
                "target": targets[target_code],
                "position": position,
                "title_en": item["title"]["en"],
                **_danish_title(existing_indicators.get(item["code"]), item["title"]["da"]),
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
                actor=actor, action=audit_actions.TARGET_TRANSLATED, obj=target, changes=changes
            )
    return target


def _indicator_fields(item: dict) -> dict:
    source = dict(item["source"])
    direction = item["direction"]
    demo_range = item.get("demo_range") or [None, None]
    return {
        "kind": item.get("kind", Indicator.Kind.SDG),
        "name_da": item["name"]["da"],
        "name_en": item["name"]["en"],
        "description_da": item.get("description", {}).get("da", ""),
        "description_en": item.get("description", {}).get("en", ""),
        "unit_code": item["unit_code"],
        "unit_da": item["unit"]["da"],
        "unit_en": item["unit"]["en"],
        "direction": direction,
        "range_min": item.get("range_min"),
        "range_max": item.get("range_max"),
        "source_kind": source.pop("kind"),
        "publisher": source.pop("publisher", ""),
        "source_table": source.pop("table", ""),
        "source_area_variable": source.pop("area_variable", ""),
        "source_filters": source.pop("filters", {}) or {},
        **_texts("source_measure", source.pop("measure", "")),
        "source_url": source.pop("url", ""),
        "source_details": source,
        "frequency": item.get("frequency", ""),
        "first_year": item.get("first_year"),
        "comparability_da": item.get("comparability", {}).get("da", ""),
        "comparability_en": item.get("comparability", {}).get("en", ""),
        "demo_min": demo_range[0],
        "demo_max": demo_range[1],
        "verified": bool(item.get("verified", False)),
        "natural_limit": item.get("natural_limit"),
        **_thresholds(item.get("thresholds") or {}),
    }


def _texts(field: str, value) -> dict:
    """A text of the reference file in both languages; a plain string is English."""
    texts = value if isinstance(value, dict) else {"en": value}
    return {f"{field}_da": texts.get("da", ""), f"{field}_en": texts.get("en", "")}


def _thresholds(item: dict) -> dict:
    return {
        "green_threshold": item.get("green"),
        "red_threshold": item.get("red"),
        "threshold_basis": item.get("basis", ""),
        **_texts("threshold_note", item.get("note", "")),
    }


@transaction.atomic
def indicator_catalogue_load(data: dict) -> int:
    """Create or update the catalogue's indicators from the reference file; safe to run again.

    The file's ``indicators`` inform SDG targets; its ``context_indicators`` describe the
    municipalities (size, density, age, settlement). Indicators the secretariat has edited in the
    product keep their edits.
    """
    targets = {t.code: t for t in Target.objects.all()}
    global_indicators = {i.code: i for i in GlobalIndicator.objects.all()}
    items = [
        *data["indicators"],
        *({**item, "kind": Indicator.Kind.CONTEXT} for item in data.get("context_indicators", [])),
    ]
    for item in items:
        indicator = Indicator.objects.filter(code=item["code"]).first()
        if indicator is not None and indicator.edited_in_product:
            continue
        indicator = indicator or Indicator(code=item["code"])
        for field, value in _indicator_fields(item).items():
            setattr(indicator, field, value)
        indicator.full_clean()
        indicator.save()
        indicator.targets.set([targets[code] for code in item.get("sdg_targets", [])])
        indicator.global_indicators.set(
            [global_indicators[code] for code in item.get("sdg_indicators", [])]
        )
    return Indicator.objects.count()


INDICATOR_EDITABLE_FIELDS = (
    "code", "kind", "name_da", "name_en", "description_da", "description_en", "unit_code",
    "unit_da", "unit_en", "direction", "range_min", "range_max", "source_kind", "publisher",
    "source_table", "source_area_variable", "source_filters", "source_measure_da",
    "source_measure_en", "source_url", "frequency", "first_year", "comparability_da",
    "comparability_en", "natural_limit", "green_threshold", "red_threshold", "threshold_basis",
    "threshold_note_da", "threshold_note_en", "verified",
)  # fmt: skip


def _indicator_state(indicator: Indicator) -> dict:
    state = {field: getattr(indicator, field) for field in INDICATOR_EDITABLE_FIELDS}
    if indicator.pk:
        state["targets"] = sorted(t.code for t in indicator.targets.all())
    return state


def indicator_save(*, actor, indicator: Indicator | None = None, targets, **fields) -> Indicator:
    """The secretariat creates an indicator (``indicator=None``) or changes one."""
    ensure_secretariat(actor)
    if not targets and fields.get("kind", Indicator.Kind.SDG) == Indicator.Kind.SDG:
        raise ValidationError({"targets": _("Link the indicator to at least one SDG target.")})
    with transaction.atomic():
        if indicator is None:
            indicator, before, action = Indicator(), {}, audit_actions.INDICATOR_CREATED
        else:
            indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
            before, action = _indicator_state(indicator), audit_actions.INDICATOR_UPDATED
        for field, value in fields.items():
            setattr(indicator, field, value)
        indicator.edited_in_product = True
        indicator.full_clean()
        indicator.save()
        indicator.targets.set(targets)
        changes = diff(before, _indicator_state(indicator))
        if changes:
            log_action(actor=actor, action=action, obj=indicator, changes=changes)
    return indicator
