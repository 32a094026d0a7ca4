"""Personal identity numbers are found; case numbers, phone numbers and dates are not."""
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from remissarkiv.reading import personnummer
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


# Ways a number is written that a plain pattern misses: each is read as the reader sees it.
VARIANTS = [
    "811218 9876", "811218–9876", "811218—9876", "811218−9876", "811218\u20119876", "811218 - 9876",
    "811218 – 9876", "811218-\n9876", "811218\n-9876", "811218-**9876**", "**811218**-9876", "811218-_9876_",
    "8112\u00ad18-9876", "811218\u200b-9876", "&#56;11218-9876", "811218&#45;9876", "&#x38;11218&#x2d;9876",
    "８１１２１８－９８７６", "id-811218-9876", "811218-<em>9876</em>", "`811218-9876`", "19811218 9876",
    "811218\\-9876", "> 811218-\n> 9876",
]


@pytest.mark.parametrize("text", VARIANTS, ids=range(len(VARIANTS)))
def test_finds_identity_numbers_however_they_are_written(text):
    hits = find(f"Text före {text} och efter.")
    assert len(hits) == 1 and not hits[0].ambiguous
    assert hits[0].masked.startswith(("811218", "19811218"))


@pytest.mark.parametrize("text", ["0701234567", "070-123 45 67", "070 123 45 67", "08-508 08 508", "0850808508",
                                  "+46 70 123 45 67", "+46701234567", "08-508 000 00", "031-123 45 67"])
def test_phone_numbers_as_people_write_them_are_no_identity_numbers(text):
    assert [hit for hit in find(f"Ring {text}") if not hit.ambiguous] == []


def test_a_ten_digit_mobile_number_that_is_also_a_valid_identity_number_is_ambiguous():
    (hit,) = find("Ring 0701234569")
    assert hit.ambiguous and hit.masked == "070123****"


def test_the_position_is_in_the_text_as_given():
    text = "Rad ett\nRad två med &#56;11218-9876 här"
    (hit,) = find(text)
    assert text[hit.start:hit.end] == "&#56;11218-9876"


# Pieces a page or case is made of where numbers hide: digits (parts of valid numbers among them), tags,
# entities, ignored and full-width characters, every kind of space, line break and dash.
PIECES = st.sampled_from([
    "8", "1", "12", "18", "811218", "9876", "19", "0", "98", "76", "<b>", "</em>", "<span class=x>", "<a\nb>",
    "<", ">", "&#56;", "&#x2d;", "&lt;b&gt;", "&shy;", "&amp;", "\u00ad", "\u200b", "*", "_", "~", "`", "\\",
    "８", "１", "＜", "＞", "＊", "\n", "\n\n", " ", "  ", "\t", "\r", "\u00a0", "\u3000", "-", "–", "+", "x",
    "ab", ".", ",", "/", "> ",
])


@settings(max_examples=3000, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
@example("81 <b>\n</b> 1218-9876")
@example("8112<i>\n</i>\t18\n>9876")
@example("> 81\n> 1218-9876")
@example("8112189876 19811218-9876 1981121898761 811218-98765 x811218 9876")
def test_the_quick_first_pass_never_hides_a_number(text):
    """`find` skips the last steps when no six digits are close enough to meet (they never are, whenever
    the steps do bring six together) and tries the pattern only where six digits begin, and it finds exactly
    what the pattern finds over the whole text after all the steps."""
    normalised = personnummer.normalise(text)
    if personnummer._QUICK.search(normalised):
        assert personnummer._CLOSE_DIGITS.search(personnummer._characters(text))
    everywhere = [hit for hit in map(personnummer._hit, personnummer._CANDIDATE.finditer(normalised)) if hit]
    assert [(hit.text, hit.coordination, hit.ambiguous) for hit in find(text)] == everywhere
