"""Dates as each language writes them: Danish "1. august 2031", English "1 August 2031"."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

DAY = datetime.date(2031, 8, 1)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("da", "1. august 2031"), ("en", "1 August 2031")],
)
def test_a_date_in_each_language(language, expected):
    with translation.override(language):
        assert Template('{{ day|date:"DATE_FORMAT" }}').render(Context({"day": DAY})) == expected


def test_no_template_writes_the_danish_date_pattern_by_hand():
    from pathlib import Path

    package = Path(__file__).resolve().parents[2] / "src" / "verdensmaal"
    written = [
        str(path.relative_to(package))
        for path in package.rglob("*.html")
        if 'date:"j. F Y' in path.read_text() or 'date:"j. M Y' in path.read_text()
    ]
    assert not written
