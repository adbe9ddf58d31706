"""Two invoices issued at the same moment never get the same number (PostgreSQL).

Each thread has its own database connection and transaction; a barrier releases them together.
The counter row is locked with SELECT ... FOR UPDATE in the issuing transaction, so the second
waits for the first to commit and takes the next number. SQLite has no row locks (it serialises
whole write transactions), so the race this guards against cannot happen there: skipped.
"""

import threading
import time
from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection, connections

from verdensmaal.network import services
from verdensmaal.network.models import Invoice, InvoiceCounter

pytestmark = pytest.mark.postgres

ROUNDS = 3


@pytest.fixture
def members(transactional_db, secretariat):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: row locks (SELECT ... FOR UPDATE) are what is tested")
    from stdnum.ean import calc_check_digit

    from verdensmaal.accounts.models import Organisation
    from verdensmaal.accounts.services import organisation_create
    from verdensmaal.areas.models import Area

    season = services.season_create(
        actor=secretariat,
        name="2040-41",
        title_da="Netværk",
        starts_on=date(2040, 8, 1),
        ends_on=date(2041, 7, 31),
        base_price=Decimal("10000.00"),
        further_discount=Decimal("0.25"),
        vat_rate=Decimal("0.25"),
    )
    result = []
    for index, (code, cvr) in enumerate([("630", "29189900"), ("657", "29189919")], start=1):
        stem = f"579800{index:06d}"
        organisation = organisation_create(
            actor=secretariat,
            name=f"Kommune {code}",
            kind=Organisation.Kind.MUNICIPALITY,
            area=Area.objects.get(code=code),
            cvr=cvr,
            ean=stem + calc_check_digit(stem),
            street="Torvet 1",
            postcode="7000",
            city="By",
        )
        membership = services.membership_create(
            actor=secretariat, season=season, organisation=organisation, invoice_reference="R"
        )
        result.append(membership)
    return result


def _register(secretariat, membership, name):
    person = services.participant_create(
        actor=secretariat,
        organisation=membership.organisation,
        name=name,
        role="strategist",
        email=f"{name}@example.org",
    )
    services.season_registrations_create(
        actor=secretariat, membership=membership, participants=[person]
    )


def _issue_together(secretariat, memberships) -> list:
    barrier = threading.Barrier(len(memberships))
    numbers, errors = [], []

    def issue(membership):
        try:
            barrier.wait(timeout=10)
            numbers.append(services.invoice_issue(actor=secretariat, membership=membership).number)
        except Exception as error:  # reported below, in the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(m,)) for m in memberships]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return numbers


def test_concurrent_issues_get_consecutive_distinct_numbers(secretariat, members):
    from django.utils import timezone

    year = timezone.localdate().year
    all_numbers = []
    save = InvoiceCounter.save

    def slow_save(self, *args, **kwargs):
        # Widen the window between reading the counter and writing it, so that without the row
        # lock both transactions would read the same last number.
        time.sleep(0.3)
        return save(self, *args, **kwargs)

    with mock.patch.object(InvoiceCounter, "save", slow_save):
        for round_number in range(ROUNDS):
            for index, membership in enumerate(members):
                _register(secretariat, membership, f"p{round_number}-{index}")
            all_numbers += _issue_together(secretariat, members)
    expected = [f"{year}-{n:04d}" for n in range(1, ROUNDS * len(members) + 1)]
    assert sorted(all_numbers) == expected
    assert sorted(Invoice.objects.values_list("number", flat=True)) == expected
    assert InvoiceCounter.objects.get(year=year).last_number == len(expected)
