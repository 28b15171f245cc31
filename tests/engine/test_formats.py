"""Money, dates and times from the worker's Intl patterns (kairos_engine/formats.py). The
patterns here are what Chromium's Intl gives for these languages (runtime/engine/formats.js);
the expected strings are Intl's own output for the same numbers."""

import pytest
from kairos_engine import formats

EN_US = {"prefix": "$", "suffix": "", "group": ",", "decimal": ".", "fraction": 2, "grouping": [3, 3]}
DE_EUR = {"prefix": "", "suffix": "\u00a0€", "group": ".", "decimal": ",", "fraction": 2, "grouping": [3, 3]}
EN_IN = {"prefix": "₹", "suffix": "", "group": ",", "decimal": ".", "fraction": 2, "grouping": [3, 2]}
JA_JPY = {"prefix": "￥", "suffix": "", "group": ",", "decimal": ".", "fraction": 0, "grouping": [3, 3]}
DATE_EN_US = {"date": "{month} {day}", "months": formats.DEFAULT_DATE["months"],
              "time": "{hour}:{minute}\u202f{period}", "hour12": True, "am": "AM", "pm": "PM"}
DATE_DE = {"date": "{day}. {month}", "months": ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli",
                                                 "Aug.", "Sept.", "Okt.", "Nov.", "Dez."],
           "time": "{hour}:{minute}", "hour12": False, "am": "AM", "pm": "PM"}


@pytest.mark.parametrize(("amount", "pattern", "text"), [
    (249, EN_US, "$249.00"),
    (1234567.891, EN_US, "$1,234,567.89"),
    (0.005, EN_US, "$0.01"),  # half away from zero, as Intl rounds
    (2.675, EN_US, "$2.68"),  # the decimal value, not the binary float's 2.67499...
    (1234567.891, DE_EUR, "1.234.567,89\u00a0€"),
    (1234567.891, EN_IN, "₹12,34,567.89"),
    (1234567.891, JA_JPY, "￥1,234,568"),
    (999, EN_IN, "₹999.00"),
    (-20, EN_US, "$20.00"),  # differences are shown as amounts
])
def test_money(amount, pattern, text):
    assert formats.money(amount, pattern) == text


def test_money_of_a_non_number_is_empty_and_the_default_names_the_currency():
    assert formats.money(None, EN_US) == "" and formats.money(float("nan"), EN_US) == ""
    assert formats.money(12.5, formats.money_pattern(None, "CHF")) == "CHF\u00a012.50"
    assert formats.money_pattern({"money": {"USD": EN_US}}, "USD") is EN_US


def test_dates_and_times_in_two_languages():
    assert formats.date("2030-05-06", DATE_EN_US) == "May 6"
    assert formats.date("2030-03-17", DATE_DE) == "17. März"
    assert formats.date("not a date", DATE_DE) == ""
    assert formats.time("20:00", DATE_EN_US) == "8:00\u202fPM"
    assert formats.time("09:30", DATE_EN_US) == "9:30\u202fAM"
    assert formats.time("00:15", DATE_EN_US) == "12:15\u202fAM"
    assert formats.time("09:30", DATE_DE) == "09:30"
    assert formats.time("25:00", DATE_DE) == ""
