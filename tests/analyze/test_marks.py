from storyline.analyze._marks import find_marked


def _quoted(text: str) -> list[str]:
    return [text[m.start : m.end] for m in find_marked(text)]


def test_curly_straight_and_mixed_marks():
    text = 'He said “one thing” and "another" and then "a mixed one.” Done.'
    assert _quoted(text) == ["“one thing”", '"another"', '"a mixed one.”']


def test_guillemets_and_single_marks_but_not_apostrophes():
    text = "«Bonjour», she said. Obama Calls It 'Constructive' in the Clintons' house, Moscow’s ally."
    assert _quoted(text) == ["«Bonjour»", "'Constructive'"]


def test_quote_running_over_paragraphs_is_one_passage():
    text = "He said: “First part.\n\n“Second part.\n\n“Last part,” he said."
    (passage,) = find_marked(text)
    assert text[passage.start : passage.end] == "“First part.\n\n“Second part.\n\n“Last part,”"
    assert passage.closed


def test_unclosed_quote_stops_at_its_paragraph():
    text = "She said “it never closes.\n\nA new paragraph without marks."
    (passage,) = find_marked(text)
    assert text[passage.start : passage.end] == "“it never closes."
    assert not passage.closed


def test_straight_mark_left_open_does_not_run_into_a_curly_quote():
    text = 'Readers wrote:\n\n"He was asleep.\n\n“Here he is,” she said.'
    assert _quoted(text) == ['"He was asleep.', "“Here he is,”"]


def test_two_apostrophes_are_a_double_mark_and_apostrophes_inside_stay():
    text = "''This isn't tax reform,'' said Mr. Holtz-Eakin. His show, ''Politicking,'' aired."
    marks = find_marked(text)
    assert _quoted(text) == ["''This isn't tax reform,''", "''Politicking,''"]
    assert text[slice(*marks[0].inner)] == "This isn't tax reform,"


def test_quote_taken_up_after_an_ellipsis_may_open_with_a_closing_mark():
    text = "Obama said:\n\n” … what I learned is that words matter,” he said."
    assert _quoted(text) == ["” … what I learned is that words matter,”"]


def test_a_quote_nested_in_an_open_one_stays_inside_it():
    text = '"The poll asked: “Are you worried about her health?” Most said no," he said. “Later,” he added, “it changed.”'
    assert _quoted(text) == ['"The poll asked: “Are you worried about her health?” Most said no,"', "“Later,”", "“it changed.”"]
    text = "“I’d rather live in what he calls “hell” than vote for him.” ― Ana Ruiz"
    assert _quoted(text) == ["“I’d rather live in what he calls “hell” than vote for him.”"]


def test_a_straight_mark_setting_off_an_excerpt_leaves_its_curly_quotes():
    text = ('The paper reports:\n\n"The mayor left early. Aides called it a “routine visit,” and the council '
            'chanted “no more cuts!”\n\n"The crowd went “home.”\n\n“We will be back,” she said.')
    assert _quoted(text) == ["“routine visit,”", "“no more cuts!”", "“home.”", "“We will be back,”"]


def test_a_straight_quote_running_over_paragraphs_is_still_one_passage():
    text = 'He wrote: "First part.\n\n"Last part," he said.'
    assert _quoted(text) == ['"First part.\n\n"Last part,"']
