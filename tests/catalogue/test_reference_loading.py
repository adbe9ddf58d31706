"""load_reference into a database that already holds an older version of the SDG framework: the
shipped Danish texts arrive and improve, and a Danish text written in the product stays."""

import copy

from django.core.management import call_command

from verdensmaal.audit.models import AuditEntry
from verdensmaal.catalogue.models import GlobalIndicator, Goal, Target
from verdensmaal.catalogue.services import sdg_framework_load, target_translate
from verdensmaal.core import reference as reference_files


def _shipped(kind: str, code: str) -> str:
    key = "number" if kind == "goals" else "code"
    return next(i["title"]["da"] for i in reference_files.load("sdg")[kind] if i[key] == code)


def _improved(code: str, text: str) -> dict:
    """The reference file as a later version with a better Danish text of one target."""
    data = copy.deepcopy(reference_files.load("sdg"))
    next(t for t in data["targets"] if t["code"] == code)["title"]["da"] = text
    return data


def test_a_database_without_danish_texts_gets_them_all(reference):
    # As a database loaded before the file had Danish texts.
    for model in (Goal, Target, GlobalIndicator):
        model.objects.update(title_da="", title_da_shipped="")

    call_command("load_reference", verbosity=0)

    assert not Goal.objects.filter(title_da="").exists()
    assert not Target.objects.filter(title_da="").exists()
    assert not GlobalIndicator.objects.filter(title_da="").exists()
    assert Goal.objects.get(number=13).title_da == _shipped("goals", 13)
    assert Target.objects.get(code="13.2").title_da == (
        "Integrere klimatiltag i nationale politikker, strategier og planlægning"
    )
    assert GlobalIndicator.objects.get(code="13.2.2").title_da == (
        "Samlet udledning af drivhusgasser pr. år"
    )


def test_an_improved_file_replaces_the_older_shipped_text(reference):
    Target.objects.filter(code="13.1").update(
        title_da="Ældre oversættelse", title_da_shipped="Ældre oversættelse"
    )
    GlobalIndicator.objects.filter(code="13.1.1").update(
        title_da="Ældre oversættelse", title_da_shipped="Ældre oversættelse"
    )

    call_command("load_reference", verbosity=0)

    assert Target.objects.get(code="13.1").title_da == _shipped("targets", "13.1")
    assert GlobalIndicator.objects.get(code="13.1.1").title_da.startswith("Antal døde, savnede")

    sdg_framework_load(_improved("13.1", "Bedre oversættelse af delmål 13.1"))
    target = Target.objects.get(code="13.1")
    assert (target.title_da, target.title_da_shipped) == (
        "Bedre oversættelse af delmål 13.1",
        "Bedre oversættelse af delmål 13.1",
    )


def test_the_secretariats_translation_is_never_overwritten(reference, secretariat):
    target = Target.objects.get(code="13.1")
    target_translate(actor=secretariat, target=target, title_da="Styrk modstandskraften")
    assert AuditEntry.objects.filter(
        action="catalogue.target.translated", object_id=str(target.pk)
    ).exists()

    call_command("load_reference", verbosity=0)
    assert Target.objects.get(code="13.1").title_da == "Styrk modstandskraften"

    # A later file with a better text of its own does not overwrite it either.
    sdg_framework_load(_improved("13.1", "Bedre oversættelse af delmål 13.1"))
    sdg_framework_load(_improved("13.1", "Endnu bedre oversættelse af delmål 13.1"))
    target = Target.objects.get(code="13.1")
    assert target.title_da == "Styrk modstandskraften"
    assert target.title_da_shipped == "Endnu bedre oversættelse af delmål 13.1"


def test_a_translation_written_before_the_file_had_danish_texts_is_kept(reference):
    # A database migrated to 0004: the secretariat's text is there, nothing was shipped yet.
    Target.objects.filter(code="13.3").update(title_da="Vores egen tekst", title_da_shipped="")

    call_command("load_reference", verbosity=0)

    target = Target.objects.get(code="13.3")
    assert target.title_da == "Vores egen tekst"
    assert target.title_da_shipped == _shipped("targets", "13.3")


def test_a_text_changed_in_the_back_office_is_kept(client, secretariat):
    indicator = GlobalIndicator.objects.get(code="13.2.2")
    client.force_login(secretariat)
    response = client.post(
        f"/admin/catalogue/globalindicator/{indicator.pk}/change/",
        {
            "target": indicator.target_id,
            "code": indicator.code,
            "position": indicator.position,
            "title_da": "Drivhusgasudledning i alt om året",
            "title_en": indicator.title_en,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    call_command("load_reference", verbosity=0)

    assert GlobalIndicator.objects.get(code="13.2.2").title_da == (
        "Drivhusgasudledning i alt om året"
    )


def test_loading_twice_changes_nothing(reference):
    call_command("load_reference", verbosity=0)
    fields = ("code", "title_da", "title_da_shipped", "title_en", "position")
    before = (
        list(Target.objects.values_list(*fields)),
        list(GlobalIndicator.objects.values_list(*fields)),
    )

    call_command("load_reference", verbosity=0)

    after = (
        list(Target.objects.values_list(*fields)),
        list(GlobalIndicator.objects.values_list(*fields)),
    )
    assert after == before
