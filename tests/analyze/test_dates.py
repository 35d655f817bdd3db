from datetime import date

from storyline.analyze._dates import find_dates, normalize_date, text_anchor

TUESDAY = date(2016, 9, 6)


def test_relative_expressions_against_the_publication_date():
    assert normalize_date("on Monday", TUESDAY) == "2016-09-05"
    assert normalize_date("September 5", TUESDAY) == "2016-09-05"
    assert normalize_date("yesterday", TUESDAY) == "2016-09-05"
    assert normalize_date("last week", TUESDAY) == "2016-08-29/2016-09-04"
    assert normalize_date("last month", TUESDAY) == "2016-08"
    assert normalize_date("next Monday", TUESDAY) == "2016-09-12"


def test_no_anchor_never_guesses_a_year():
    assert normalize_date("September 5", None) == "--09-05"
    assert normalize_date("on Monday", None) is None
    assert normalize_date("last week", None) is None
    assert normalize_date("Sept. 5, 2016", None) == "2016-09-05"


def test_year_is_the_one_nearest_the_anchor():
    assert normalize_date("Dec. 30", date(2017, 1, 2)) == "2016-12-30"


def test_text_anchor_needs_a_full_date():
    assert text_anchor("It happened on September 5.") is None
    assert text_anchor("Hangzhou, Sept. 5, 2016 - talks began.") == date(2016, 9, 5)


def test_numeric_dates_are_read_only_when_their_order_is_certain():
    assert normalize_date("11/27/2005", None) == "2005-11-27"
    assert normalize_date("27.09.2013", None) == "2013-09-27"
    assert normalize_date("Posted 11 / 27 / 2005 7: 21 AM", None) == "2005-11-27"
    assert normalize_date("05/05/2016", None) == "2016-05-05"
    assert normalize_date("09/05/2016", None) is None  # 9 May or 5 September
    assert normalize_date("02/30/2016", None) is None  # no such day
    assert normalize_date("11/27-2005", None) is None  # mixed separators: not a date


def test_numeric_dates_the_parser_missed_are_found_and_anchor_undated_text():
    text = "Posted 11/27/2005 7:21 AM. An earthquake hit Iran on Sunday."
    assert text_anchor(text) == date(2005, 11, 27)
    sunday = text.index("Sunday")
    mentions = find_dates([(sunday, sunday + len("Sunday"))], text, None)
    assert [(m.text, m.value) for m in mentions] == [("11/27/2005", "2005-11-27"), ("Sunday", "2005-11-27")]
