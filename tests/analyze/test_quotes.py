"""Quote rules on small made-up texts (one rule each), through the public `analyze`."""

import pytest

from storyline.analyze import analyze
from storyline.model import Article


@pytest.fixture(scope="module")
def quotes_of(nlp):
    def run(text: str):
        (analysis,) = analyze(nlp, [Article(id="t", text=text)])
        return analysis.quotes

    return run


def _direct(quotes, fragment):
    hits = [q for q in quotes if q.kind == "direct" and fragment in q.text]
    assert hits, f"no direct quote holding {fragment!r} in {[q.text for q in quotes]}"
    return hits[0]


def test_embedded_quote_also_reports_the_clause(quotes_of):
    text = "Senator Jane Smith described the new tax plan as a “reckless gamble” on Tuesday."
    quotes = quotes_of(text)
    direct = _direct(quotes, "reckless gamble")
    assert direct.text == "reckless gamble" and direct.speaker == "Jane Smith"
    clause = [q for q in quotes if q.kind == "indirect" and q.cue_start == direct.cue_start]
    assert clause and clause[0].text.startswith("the new tax plan as a “reckless gamble”")


def test_dash_credit_line_names_the_speaker(quotes_of):
    text = "Readers wrote in.\n\n“He has never understood what working families need from this country.” ― Maria Lopez\n"
    quote = _direct(quotes_of(text), "working families")
    assert quote.speaker == "Maria Lopez"
    assert text[quote.speaker_start : quote.speaker_end] == "Maria Lopez"


def test_quote_introduced_by_a_colon_in_the_previous_paragraph(quotes_of):
    text = "Mayor Tom Baker spoke after the vote. Baker continued:\n\n“We will rebuild every bridge that the storm took from us.”"
    assert _direct(quotes_of(text), "rebuild every bridge").speaker == "Tom Baker"


def test_subject_inside_the_quote_is_not_the_speaker(quotes_of):
    text = "“The campaign is in panic mode. Full panic mode,” Leslie Wimes, a Florida activist, told reporters."
    quote = _direct(quotes_of(text), "panic mode")
    assert text[quote.speaker_start : quote.speaker_end] == "Leslie Wimes"


def test_what_someone_called_belongs_to_the_outer_report(quotes_of):
    text = "Secretary General Ban Ki-moon condemned what he called a “brazen breach” of the resolutions."
    quote = _direct(quotes_of(text), "brazen breach")
    assert text[quote.speaker_start : quote.speaker_end] == "Secretary General Ban Ki-moon"


def test_single_quoted_heading_is_not_more_of_the_speech(quotes_of):
    text = ("“We are not going anywhere,” the mayor said.\n\n‘A Legend in the Coal Fields.’\n\n"
            "The company filed for bankruptcy last year.")
    assert not [q for q in quotes_of(text) if "Legend" in q.text]


def test_a_bracket_does_not_cut_the_cue_off_its_embedded_quote(quotes_of):
    text = 'Sanders told the host that he "honestly [doesn\'t] know the answer" as to why Clinton has struggled with young voters.'
    quotes = quotes_of(text)
    direct = _direct(quotes, "honestly")
    clause = [q for q in quotes if q.kind == "indirect" and q.cue_start == direct.cue_start]
    assert clause and clause[0].text.startswith("that he") and clause[0].text.endswith("young voters")


def test_the_reported_clause_never_holds_its_own_cue(quotes_of):
    text = "“That is right, Donald, that is right,” Melanie said to the Republican nominee, who began his speech."
    quotes = quotes_of(text)
    direct = _direct(quotes, "That is right")
    assert all(not (q.start < direct.cue_start < q.end) for q in quotes if q.cue_start == direct.cue_start)


def test_a_clause_of_time_after_the_quote_is_not_what_was_said(quotes_of):
    text = "The ad ends with footage of Trump saying during the debate, “That makes me smart,” when Clinton blasted him for not paying income tax."
    quotes = quotes_of(text)
    assert _direct(quotes, "makes me smart").text == "That makes me smart"
    assert not any("Clinton blasted" in q.text for q in quotes)
