"""Personal identity numbers are found; case numbers, phone numbers and dates are not."""
import pytest

from remissarkiv.reading.personnummer import find, luhn_ok


@pytest.mark.parametrize("text", ["811218-9876", "8112189876", "19811218-9876", "198112189876", "811218+9876",
                                  "701063-2391", "Född 811218-9876, bor i Bromma", "(811218-9876)"])
def test_finds_identity_numbers(text):
    assert len(find(text)) == 1


@pytest.mark.parametrize("text", [
    "KS 2019/1899", "Dnr KS 2018/124", "KS/2019/0001/0009", "2016-000003", "Dnr 260-2012-2.6", "1.5.1-135-2012",
    "T 2010-313-01743", "Ju 2025/00949", "A2026/00542", "08-508 08 508", "0850808508", "2020-03-17",
    "811218-9875",   # wrong check digit
    "811318-9876",   # month 13
    "810230-1234",   # 30 February
    "2020-03-17 1234", "1234567890", "tel. 070-123 45 67", "2019-1899",
])
def test_no_false_alarms(text):
    assert find(text) == []


def test_coordination_number_is_named_as_such():
    assert find("701063-2391")[0].coordination and not find("811218-9876")[0].coordination


def test_luhn():
    assert luhn_ok("811218987", "6") and not luhn_ok("811218987", "5")


def test_masked_form_hides_the_serial_number():
    assert find("811218-9876")[0].masked == "811218-****"
