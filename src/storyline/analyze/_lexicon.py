"""Word lists the rules rely on (closed classes of English, not data-set specifics)."""

from __future__ import annotations


def _forms(spec: str) -> frozenset[str]:
    return frozenset(spec.split())


# Verbs that report speech or writing, in every inflected form (matched on lower-cased tokens, so
# the slow lemmatizer need not run).
SPEECH_VERB_FORMS = _forms(
    """
    say says said saying tell tells told telling add adds added adding
    warn warns warned warning acknowledge acknowledges acknowledged acknowledging
    explain explains explained explaining note notes noted noting argue argues argued arguing
    claim claims claimed claiming insist insists insisted insisting write writes wrote writing written
    state states stated stating announce announces announced announcing declare declares declared
    declaring ask asks asked asking reply replies replied replying respond responds responded
    responding tweet tweets tweeted tweeting suggest suggests suggested suggesting
    report reports reported reporting admit admits admitted admitting conclude concludes concluded
    concluding recall recalls recalled recalling urge urges urged urging predict predicts predicted
    predicting promise promises promised promising vow vows vowed vowing pledge pledges pledged
    pledging contend contends contended contending assert asserts asserted asserting
    maintain maintains maintained maintaining complain complains complained complaining
    joke jokes joked joking quip quips quipped quipping observe observes observed observing
    comment comments commented commenting remark remarks remarked remarking
    emphasize emphasizes emphasized emphasizing emphasise emphasises emphasised emphasising
    stress stresses stressed stressing testify testifies testified testifying mention mentions
    mentioned mentioning deny denies denied denying confirm confirms confirmed confirming
    concede concedes conceded conceding boast boasts boasted boasting charge charges charged
    charging accuse accuses accused accusing criticize criticizes criticized criticizing
    criticise criticises criticised criticising call calls called calling describe describes
    described describing continue continues continued continuing allege alleges alleged alleging
    reiterate reiterates reiterated reiterating announce shout shouts shouted shouting
    yell yells yelled yelling cry cries cried crying scream screams screamed screaming
    whisper whispers whispered whispering agree agrees agreed agreeing disagree disagrees
    disagreed disagreeing counter counters countered countering retort retorts retorted
    retorting acknowledge lament laments lamented lamenting caution cautions cautioned cautioning
    point points pointed pointing put puts putting reveal reveals revealed revealing
    estimate estimates estimated estimating declare propose proposes proposed proposing
    recount recounts recounted recounting read reads demand demands demanded demanding
    insist threaten threatens threatened threatening praise praises praised praising
    blast blasts blasted blasting slam slams slammed slamming thank thanks thanked thanking
    """
)

# Cues that report speech only with a particle or an object ("pointed out", "put it").
NEEDS_COMPLEMENT = frozenset({"point", "points", "pointed", "pointing", "put", "puts", "putting", "read", "reads"})

PRONOUNS = frozenset({"he", "she", "they", "i", "we", "it", "you"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})

# Head nouns of descriptions that can stand for a named person ("the US president").
PERSON_ROLE_NOUNS = _forms(
    """
    president leader minister secretary senator congressman congresswoman representative governor
    mayor spokesman spokeswoman spokesperson official officials candidate nominee chairman chairwoman
    chair director chief ambassador diplomat lawmaker general prosecutor judge attorney aide
    adviser advisor envoy premier chancellor king queen prince pope businessman billionaire
    democrat republican counterpart host manager
    """
)

# Titles that may precede a name inside a PERSON entity; dropped from canonical names.
PERSON_TITLES = _forms(
    """
    president vice mr mr. mrs mrs. ms ms. miss dr dr. sen sen. senator rep rep. representative gov
    gov. governor mayor secretary sir dame lord lady prime minister chancellor gen gen. general
    judge justice rev rev. pope king queen prince princess former candidate nominee
    """
)

# Verbs that characterise or cite what someone said rather than report it ("called it a “disgrace”",
# "described him as a “con artist”", "referred to her “sex tape”"). They are cues for quotes and
# reported content, kept apart from SPEECH_VERB_FORMS (which defines the speech-verb evaluation set).
CHARACTERIZING_VERB_FORMS = _forms(
    """
    refer refers referred referring reference references referenced referencing
    label labels labeled labelled labeling labelling brand brands branded branding
    dub dubs dubbed dubbing term terms termed terming liken likens likened likening
    compare compares compared comparing characterize characterizes characterized characterizing
    characterise characterises characterised characterising condemn condemns condemned condemning
    denounce denounces denounced denouncing hail hails hailed hailing laud lauds lauded lauding
    scold scolds scolded scolding chant chants chanted chanting sing sings sang sung singing
    cite cites cited citing proclaim proclaims proclaimed proclaiming exhort exhorts exhorted exhorting
    bemoan bemoans bemoaned bemoaning decry decries decried decrying dismiss dismisses dismissed
    dismissing mock mocks mocked mocking quote quotes quoted quoting wonder wonders wondered wondering
    attack attacks attacked attacking rate rates rated rating blame blames blamed blaming
    find finds found finding rule rules ruled ruling encourage encourages encouraged encouraging
    specify specifies specified specifying type types typed typing
    """
)

# Verbs that cite someone's wording only with a noun naming it as their object ("used the phrase “…”",
# "uttered the words “…”"); otherwise they report nothing ("used the money").
WORDING_VERB_FORMS = _forms("use uses used using utter utters uttered uttering invoke invokes invoked invoking")
WORDING_NOUNS = _forms("phrase phrases word words term terms expression expressions slogan slogans label labels")

CUE_VERB_FORMS = SPEECH_VERB_FORMS | CHARACTERIZING_VERB_FORMS | WORDING_VERB_FORMS

# Nouns that report speech when a that-clause follows ("Trump’s claim that there were “thousands of
# shootings”"): their possessor is the speaker.
SPEECH_NOUN_FORMS = _forms(
    """
    claim claims statement statements assertion assertions remark remarks comment comments warning
    warnings promise promises pledge pledges prediction predictions argument arguments suggestion
    suggestions allegation allegations accusation accusations contention insistence admission vow emphasis
    """
)

# Participles that name a thing when they modify a noun ("a box labeled “medical problem”", "a show
# called “The 411”"): a title or a label, not a report of what someone said.
NAMING_PARTICIPLES = _forms("called labeled labelled dubbed termed branded named titled entitled nicknamed")
