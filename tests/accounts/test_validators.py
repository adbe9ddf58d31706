import pytest
from django.core.exceptions import ValidationError

from verdensmaal.core.validators import validate_cvr, validate_ean


@pytest.mark.parametrize("cvr", ["29189900", "64942212", "62761113"])
def test_real_cvr_numbers_are_accepted(cvr):
    validate_cvr(cvr)


@pytest.mark.parametrize("cvr", ["29189901", "0918990", "2918990A", "", "123456789", "02918990"])
def test_wrong_cvr_numbers_are_refused(cvr):
    with pytest.raises(ValidationError):
        validate_cvr(cvr)


@pytest.mark.parametrize("ean", ["5798000000018", "5790000705184"])
def test_valid_ean_numbers_are_accepted(ean):
    validate_ean(ean)


@pytest.mark.parametrize(
    "ean", ["5798000000019", "579800000001", "57980000000180", "57980000000x8"]
)
def test_wrong_ean_numbers_are_refused(ean):
    with pytest.raises(ValidationError):
        validate_ean(ean)
