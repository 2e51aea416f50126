"""The words the attribution rules look for, in one place so the rules read as rules."""

from __future__ import annotations

import re


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Verbs that introduce speech, in the forms news copy uses them.
SPEECH_VERBS = words(
    """
    said says say saying told tells telling added adds adding wrote writes writing replied replies
    asked asks insisted insists insisting warned warns warning stormed fumed joked jokes explained
    explains admitted admits argued argues arguing noted notes stressed stresses declared declares
    announced announces confirmed confirms continued continues recalled recalls conceded concedes
    complained complains urged urges laughed shouted told posted posts tweeted blasted raged
    vowed vows pledged promised promises claimed claims revealed reveals responded responds
    suggested suggests acknowledged acknowledges boasted boasts cautioned remarked remarks
    observed observes predicted predicts emphasised emphasized maintained maintains
    reiterated reiterates retorted sighed snapped demanded demands added agreed agrees
    """
)
# Verbs that frame quoted words inside a sentence: called it a "…", dismissed it as "…".
FRAMING_VERBS = words(
    """
    called calls calling described describes describing dismissed dismisses branded brands
    labelled labeled termed hailed hails welcomed welcomes condemned condemns criticised
    criticized accused accuses denounced denounces praised praises
    """
)
# Verbs after which a clause of reported speech may follow.
REPORTING_VERBS = words(
    """
    said says saying told tells added adds adding warned warns warning insisted insists
    insisting argued argues arguing announced announces confirmed confirms admitted admits
    stressed stresses noted notes wrote writes explained explains acknowledged acknowledges
    claimed claims conceded concedes predicted predicts suggested suggests reiterated maintained
    maintains believes believed revealed emphasised emphasized promised promises vowed vows
    """
)
PRONOUNS = {"he": "m", "she": "f", "it": "o", "they": "p", "i": "", "we": "p"}
HONORIFICS = words("mr mr. mrs mrs. ms ms. miss dr dr. sir dame")
# Words that make a phrase a role ("Deputy Energy Minister", "council leader", "a retired fireman").
ROLE_WORDS = words(
    """
    minister secretary president vice governor commissioner leader chief head director
    spokesperson spokesman spokeswoman adviser advisor officer ambassador envoy negotiator mayor
    manager skipper captain striker pundit critic councillor councilor mp mep backbencher owner
    justice judge chancellor commodore colonel general admiral professor editor correspondent
    chairman chairwoman chair ceo cfo founder executive administrator investigator counterpart
    premier king queen prince princess senator congressman congresswoman representative
    deputy chairperson coach player analyst economist member speaker attorney prosecutor
    lawyer diplomat official rapporteur commander postman fireman teacher doctor nurse
    president-elect emir sheikh chancellor-elect mayor-elect boss host presenter
    """
)
# Heads of phrases naming an organisation that can speak ("the ministry said").
ORG_WORDS = words(
    """
    ministry government council command department agency office kremlin commission committee
    company firm group watchdog court board bank programme program service police army navy
    military party administration cabinet embassy parliament union alliance authority
    authorities regulator coast guard tribunal organisation organization foundation institute
    """
)
# A quoted phrase right after these is a title or a name, not something someone said.
TITLE_NOUNS = words(
    """
    film movie book novel essay report paper series show song album play documentary programme
    program campaign policy operation strategy slogan hashtag motto title phrase term word
    newspaper magazine column exhibition opera musical podcast episode doctrine initiative
    project scheme brand label nickname headline treaty
    bericht programm buch kampagne strategie
    фильм книга доклад программа программу програма програму проект кампания кампанію
    """
)
SO_CALLED = re.compile(
    r"(?:so-called|so called|self-styled|self-proclaimed|known as|dubbed|nicknamed|titled|"
    r"entitled|sogenannte[nmrs]?|so genannte[nmrs]?|так называем\w+|так зван\w+|いわゆる)\s*$",
    re.IGNORECASE,
)
# Words that may stand between a subject and its verb: "China's Foreign Ministry on Monday said".
ADJUNCT_WORDS = words(
    """
    on in at monday tuesday wednesday thursday friday saturday sunday today yesterday also
    later earlier separately quietly then again previously recently once repeatedly a the
    statement news conference briefing post interview
    """
)
# Continuations of "said …" before a that-clause or the speaker's audience: told reporters that.
TELL_OBJECTS = words("reporters journalists me us him her them parliament lawmakers mps the a an")
DETERMINERS = words("the a an its his her their our this that these those")
