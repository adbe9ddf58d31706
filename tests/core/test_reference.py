from django.core.management import call_command

from verdensmaal.areas.models import Area
from verdensmaal.catalogue.models import GlobalIndicator, Goal, Target
from verdensmaal.catalogue.services import target_translate


def test_reference_has_the_whole_framework_and_every_municipality(reference):
    assert Goal.objects.count() == 17
    assert Target.objects.count() == 169
    assert GlobalIndicator.objects.count() == 252
    assert Area.objects.filter(kind="municipality").count() == 98
    assert list(Area.objects.filter(kind="region").values_list("code", flat=True)) == [
        "081", "082", "083", "084", "085",
    ]  # fmt: skip
    assert not Area.objects.filter(name_da="Christiansø").exists()
    assert Area.objects.get(code="000").name_en == "All of Denmark"


def test_targets_follow_the_un_numbering(reference):
    codes = [t.code for t in Target.objects.filter(goal__number=13)]
    assert codes == ["13.1", "13.2", "13.3", "13.a", "13.b"]
    goal = Goal.objects.get(number=13)
    assert (goal.name_da, goal.name_en, goal.colour) == (
        "Klimaindsats",
        "Climate action",
        "#3F7E44",
    )
    assert GlobalIndicator.objects.get(code="13.2.2").target.code == "13.2"


def test_loading_again_changes_nothing_and_keeps_danish_translations(reference, secretariat):
    target = Target.objects.get(code="13.1")
    target_translate(actor=secretariat, target=target, title_da="Styrk modstandskraften")
    before = list(Target.objects.values_list("code", "title_da", "title_en", "position"))

    call_command("load_reference", verbosity=0)

    assert list(Target.objects.values_list("code", "title_da", "title_en", "position")) == before
    assert Area.objects.count() == 104
    assert Target.objects.get(code="13.1").title_da == "Styrk modstandskraften"


def test_goal_text_colour_is_readable(reference):
    # Yellow goal 7 needs dark text, navy goal 17 light text.
    assert Goal.objects.get(number=7).text_colour == "#000000"
    assert Goal.objects.get(number=17).text_colour == "#FFFFFF"
