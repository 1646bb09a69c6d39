"""Who really said it: resolve pronoun, description and short-name speakers to the document's fullest
mention of the person (or organisation) they refer to.

The resolver is rules over what the base pipeline gives (no coreference model: the candidates we
checked need weights from a model hub or support only older spaCy pipelines):

- **Entities**: people and organisations are grouped by name. A person's key is their surname
  ("Trump", "Mr Trump" and "Donald Trump" are one person), but two first names on one surname are
  two people ("Tom Lake", his sister "Ann Lake"); an organisation's mention joins a group when it is
  a run of the words of the group's longest mention or the other way round ("Skyline" and "Skyline
  Regional"; a town name shared by two bodies does not merge them), and a wire dateline
  ("ADELHAVEN —") is no organisation. The group's fullest mention is its longest, first occurrence
  first ("Benjamin Netanyahu"), a hyphenated first name included ("Jean-Baptiste Morvan"); a lone
  surname keeps its honorific ("Mrs Pengelly").
- **The NER's types are checked**: a listed first name and a surname ("Karin Holt" typed ORG) make
  a person, a company word at the end of a name ("Valdrin Motors", "Harbour Books" typed PERSON) an
  organisation, and a one-word "person" that starts an organisation's name is its short name
  ("Valdrin's chief executive").
- **Names** resolve to their group's fullest mention ("Trump" -> "Donald Trump"; interview initials
  "WP" -> "Winston Parfitt"); a speaker with a name inside ("one crane operator, Jens Nyvang, 44")
  resolves to that name.
- **Speakers vouch for names**: a name that is a quote's speaker (or ends a part of one: "Kerrow's
  fisheries commissioner, Aileen MacCrimmon") names a person even where the NER typed it as an
  organisation or missed it ("Callum Breen" as ORG, then "Breen said"); a capitalised speaker name
  ending in an organisation noun ("The Port of Skeld Authority") is an organisation.
- **Pronouns** ("he", "she") look back, sentence by sentence, for the most salient person that agrees
  in gender: the subject of the nearest sentence that names a compatible person, else its first
  such mention. Earlier pronoun and description speakers count as mentions of the person they were
  resolved to, and the previous quote's speaker is preferred a little. Gender comes, strongest
  first, from an honorific before a mention ("Mrs Park"), the first name (`quotes.names`, a
  packaged list of first names by gender: "Karin Holt"), gendered nouns describing the person
  ("spokeswoman"; not from relative clauses: "Frost, whose daughter ..."), and the pronouns that
  follow their mentions (other than the speakers being resolved). A person the text does not name
  who is the subject between the candidate and the pronoun ("A woman two doors down carried her
  dog out. ... she said") takes the pronoun: unresolved. "it" takes the nearest organisation;
  "they" right after an organisation's statement is that organisation (number agreement), within
  two sentences of two people named together ("Bram and Ineke Verhoeven", "Mr and Mrs Hale") that
  pair, other plural pronouns stay unresolved; "I" inside another quote is that quote's speaker,
  outside any quote the writer named in a byline ("By Ruairi Cassidy"), whom "he" and "she" never
  take.
- **Names the NER misses** or types as something else are people when the text treats them so: a
  run of two or three capitalised proper nouns (no word of a body, a place or a title) with an age
  ("Xochitl Huanca, 52,"), "who" after it, a listed first name, or "he"/"she" following it as a
  subject before anybody else is named.
- **Descriptions** ("The Israeli leader", "the mayor", "the company") are matched against the words
  that describe each earlier person or organisation where it is named: titles before the name
  (abbreviations spelt out: "Sen. Hale" is "the senator"), appositives, predicates ("Aird is chief
  executive", "Aas was elected president"), and organisation names themselves ("the trust" ->
  "Brenhallow Wildlife Trust"); a demonym matches its adjective ("the Briton" ~ "British cyclist
  Emma Hart"). An organisation noun ("the council") looks for organisations
  before people; a possessor in an appositive ("the union's general secretary, ...") and a
  description's relative clause ("the company, which was bought by ...") describe somebody else.
  A description whose head fits anyone ("the leader", "the 33-year-old") falls back to the most
  salient earlier person; "the teenager" matches a stated age under 20. A role the text never
  states ("the potter", "the winger": a singular person noun) is the person the story is about:
  the most salient person within two sentences, or, before anybody is named, the first person
  named within three sentences after it; not a role that is somebody else's agent ("the
  spokesman", "the lawyer"), one the text introduced unnamed ("a procurement officer ... the
  officer"), or a description inside a quote ("The bank manager told me"). "the couple", "the
  brothers" are the pair named together last. Indefinite descriptions ("a senior official", "a
  spokeswoman for the court", "two people familiar with the talks"), documents ("the indictment")
  and "the two societies" are left unresolved: the document does not say who they are.
- **Possessive proxies** ("his office", "its website", "their union"): an institutional proxy of a
  person (office, campaign, team, administration, ...) resolves to its owner, because the statement
  is made in that person's name; a misspelt proxy one letter away ("his offica" in the seed article)
  counts too. So the seed's "his offica" resolves to "Benjamin Netanyahu", as the seed's gold says.
  A person noun ("his lawyer", "her campaign manager") is somebody else, unnamed: unresolved.

`resolution_accuracy` measures the resolver apart from extraction: given the gold speaker spans of a
corpus split, the share of speakers with a gold resolved name for which the resolver gives the same
name. Run it as `python -m quotes.resolve corpus/test.jsonl`.
"""
import json
import re
import sys
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Set, Tuple

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import registry

from .items import (
    Quote, get_quotes, record_to_doc, sentence_bounds, sentence_numbers, speaker_kind, token_flags, token_positions,
)
from .marks import scan
from .names import first_name_gender

MASC = {"he", "him", "his", "himself"}
FEM = {"she", "her", "hers", "herself"}
PLURAL = {"they", "them", "their", "themselves", "we", "us", "our"}
NEUTER = {"it", "its", "itself"}
HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lord", "lady", "mr.",
              "mrs.", "ms.", "dr.", "prof."}
FEMALE_WORDS = {"mrs", "mrs.", "ms", "ms.", "miss", "madam", "lady", "dame", "queen", "princess",
                "congresswoman", "chairwoman", "spokeswoman", "businesswoman", "councilwoman",
                "sister", "mother", "daughter", "wife", "widow", "grandmother", "aunt", "duchess",
                "woman", "girl", "actress", "sportswoman", "policewoman", "headmistress", "niece"}
MALE_WORDS = {"mr", "mr.", "sir", "lord", "king", "prince", "congressman", "chairman", "spokesman",
              "businessman", "councilman", "brother", "father", "son", "husband", "widower",
              "grandfather", "uncle", "duke", "man", "boy", "actor", "sportsman", "policeman",
              "headmaster", "nephew", "frenchman", "englishman", "irishman", "scotsman", "dutchman"}
# Title words that are not part of a person's name ("Prime Minister Benjamin Netanyahu").
TITLE_WORDS = HONORIFICS | {
    "president", "prime", "minister", "secretary", "senator", "sen", "sen.", "rep", "rep.",
    "representative", "governor", "gov", "gov.", "mayor", "judge", "justice", "chief", "general",
    "gen", "gen.", "colonel", "captain", "capt", "coach", "manager", "chancellor", "commissioner",
    "councillor", "councilor", "inspector", "detective", "sergeant", "officer", "professor",
    "doctor", "rev", "rev.", "father", "bishop", "pope", "king", "queen", "prince", "princess",
    "speaker", "chairman", "chairwoman", "chair", "director", "ceo", "deputy", "vice", "acting",
    "former", "leader", "ambassador", "envoy", "adviser", "advisor", "head", "state", "foreign",
    "national", "security", "defence", "defense", "health", "finance", "attorney", "district",
    "u.s.", "us", "mp", "mep", "the", "dame", "lord", "lady", "sir", "skipper", "lifeguard",
    "councilwoman", "councilman", "congresswoman", "congressman", "assemblywoman", "assemblyman",
    "nurse", "teacher", "headteacher", "chef", "striker", "goalkeeper", "midfielder", "defender",
    "forward", "rider", "driver", "pilot", "constable", "pc", "dc", "sgt", "lt", "lieutenant",
    "major", "admiral", "commander", "superintendent", "alderman", "trustee", "mayor-elect",
    "spokesman", "spokeswoman", "spokesperson", "economist", "analyst", "lawyer", "barrister",
    "solicitor", "author", "novelist", "artist", "singer", "farmer", "owner", "founder",
    # abbreviated ranks and offices: "Cllr Mensah", "Det Supt Hale"
    "cllr", "cllr.", "capt.", "col", "col.", "lt.", "sgt.", "det", "det.", "insp", "insp.", "supt",
    "supt.", "cmdr", "cdr", "maj", "maj.", "adm", "fr", "fr.", "hon", "rt",
}
# Roles written before a name like a title ("Prosecutor Ilija Baranov"), though not titles.
ROLE_TITLES = {"prosecutor", "coach", "captain", "skipper", "striker", "defender", "midfielder",
               "goalkeeper", "inspector", "detective", "sergeant", "constable", "chef", "nurse",
               "teacher", "pastor", "chairman", "chairwoman", "director", "editor", "author",
               "researcher", "lawyer", "attorney", "barrister", "coxswain", "commissioner", "coroner"}
# Letters after a name: "Nadia Ferrante KC", "Aled Rhys MP".
POSTNOMINALS = {"kc", "qc", "sc", "mp", "msp", "mep", "obe", "mbe", "cbe", "frs"}
# Verbs of a relative clause that give a role: "Marit Solheim, who leads the party" is its leader.
VERB_ROLES = {"lead": {"leader", "lead"}, "head": {"head"}, "chair": {"chair", "chairman", "chairwoman"},
              "manage": {"manager"}, "coach": {"coach"}, "edit": {"editor"}, "own": {"owner"},
              "found": {"founder"}, "direct": {"director"}, "captain": {"captain"}, "govern": {"governor"},
              "organise": {"organiser"}, "organize": {"organizer"}, "represent": {"representative"}}
# What a researcher leads: "who led the study" is its lead author.
RESEARCH_NOUNS = {"study", "trial", "research", "paper", "survey", "project", "analysis", "review",
                  "experiment", "expedition", "investigation", "team", "work"}
# Another word for a body: "the force" is the police, "the authority" a council.
ORG_SYNONYMS = {"force": {"police", "constabulary"}, "constabulary": {"police"}, "authority": {"council"}}
# People in a court who are not its witnesses.
COURT_ROLES = {"judge", "justice", "magistrate", "recorder", "prosecutor", "prosecution", "counsel",
               "lawyer", "barrister", "solicitor", "attorney", "advocate", "defence", "defense", "kc", "qc"}
# People somebody has, as a family has its members: "her coach" is the person described as her coach.
OWNED_ROLES = {"coach", "trainer", "manager", "agent", "caddie", "mentor", "physio", "physiotherapist",
               "teammate", "deputy", "assistant", "secretary", "chauffeur", "carer", "doctor", "biographer"}
# Family and partners: "her husband" is the person the text described as her husband.
RELATION_NOUNS = {"husband", "wife", "son", "daughter", "mother", "father", "brother", "sister",
                  "partner", "widow", "widower", "grandson", "granddaughter", "grandmother",
                  "grandfather", "aunt", "uncle", "niece", "nephew", "cousin", "fiance", "fiancee",
                  "fiancé", "fiancée", "girlfriend", "boyfriend", "stepson", "stepdaughter",
                  "stepfather", "stepmother", "twin", "sibling"}
# Heads of descriptions that fit any person: with no word matched they take the most salient person.
GENERIC_HEADS = {"leader", "official", "man", "woman", "person", "politician", "figure", "chief",
                 "veteran", "star", "player", "champion", "winner", "boss", "executive", "head",
                 "year", "old", "youngster", "teenager", "native", "incumbent", "candidate",
                 "challenger", "newcomer"}
# Generic heads that still name a role ("the chief executive" is not "the finance director").
ROLE_HEADS = {"official", "chief", "boss", "executive", "head"}
# Title words that say what somebody does (not "former", "acting", "national", "the").
SPECIFIC_ROLES = TITLE_WORDS - {
    "former", "acting", "vice", "deputy", "the", "state", "national", "security", "foreign", "health",
    "finance", "defence", "defense", "district", "u.s.", "us", "head", "leader", "chief", "general",
    "prime", "lady", "lord", "sir", "dame"} - HONORIFICS
# Institutional proxies: "his office said" speaks in his name.
PROXY_HEADS = {"office", "campaign", "camp", "team", "administration", "government", "staff",
               "aides", "spokespeople", "representatives", "ministry", "department", "website",
               "account", "statement", "family", "party", "company", "firm"}
# Nouns of organisations: a definite description with one of these heads refers to an organisation.
ORG_NOUNS = {"company", "firm", "group", "council", "school", "union", "trust", "society", "airline",
             "restaurant", "club", "commission", "ministry", "department", "authority", "agency",
             "bank", "board", "court", "committee", "organisers", "organizers", "organisation",
             "organization", "charity", "university", "college", "hospital", "party", "government",
             "administration", "insurer", "retailer", "developer", "housebuilder", "carrier",
             "operator", "association", "federation", "league", "foundation", "institute", "team",
             "side", "band", "campaign", "office", "regulator", "lender", "mutual", "port",
             "service", "police", "force", "network", "station", "newspaper", "paper", "channel",
             "broadcaster", "business", "brand", "chain", "festival", "store", "shop", "plant",
             "factory", "mine", "miner", "manufacturer", "maker", "producer", "supplier", "utility",
             "city", "town", "county", "state", "country", "village", "parish", "church", "museum",
             "library", "theatre", "zoo", "centre", "center", "clinic", "practice", "partnership",
             "coalition", "alliance", "movement", "platform", "app", "website", "site",
             "consultancy", "studio", "label", "publisher", "startup", "venture", "fund", "bureau",
             "carmaker", "automaker", "chipmaker", "drugmaker", "steelmaker", "planemaker",
             "brewer", "grocer", "supermarket", "conglomerate", "watchdog", "embassy", "consulate",
             "magazine", "tribunal", "panel", "cooperative", "co-operative", "orchestra", "choir",
             "squad", "guild", "academy", "federation", "ministry", "exchange", "hotel", "airport",
             "landlord", "mission", "delegation", "observatory", "inspectorate", "secretariat"}
# Capitalised last words of company, club and institution names that ORG_NOUNS does not hold.
ORG_NAME_WORDS = {"motors", "books", "homes", "group", "holdings", "ltd", "inc", "plc", "llc", "co",
                  "corp", "corporation", "airlines", "airways", "air", "systems", "media", "chemical",
                  "chemicals", "capital", "securities", "partners", "energy", "foods", "therapeutics",
                  "minerals", "athletic", "united", "rovers", "wanderers", "fc", "press", "records",
                  "pharma", "pharmaceuticals", "technologies", "tech", "labs", "industries",
                  "insurance", "logistics", "steel", "mining", "oil", "power", "rail", "railways",
                  "buses", "transport", "shipping", "construction", "developments", "properties",
                  "estates", "hotels", "studios", "pictures", "ventures", "investments", "finance",
                  "brewery", "dairy", "farms", "bakery", "ceramics", "textiles", "electronics",
                  "software", "networks", "telecom", "communications", "services", "solutions",
                  "consulting", "bancorp", "motorworks", "cycling", "racing", "sports"}
# Nouns of places that end names a first name can start ("Victoria Street", "Grace Park").
PLACE_NOUNS = {"street", "road", "lane", "avenue", "square", "park", "bridge", "hall", "house",
               "court", "bay", "river", "island", "lake", "hill", "point", "gardens", "quay", "wharf",
               "airport", "harbour", "harbor", "valley", "heath", "green", "cross", "gate", "way",
               "place", "terrace", "crescent", "close", "drive", "row", "field", "fields", "wood"}
# Last words of street names, which the NER sometimes takes for people ("Alder Lane").
STREET_NOUNS = {"street", "road", "lane", "avenue", "square", "terrace", "crescent", "drive", "quay",
                "wharf", "boulevard"}
INDEFINITE = {"a", "an", "one", "some", "several", "two", "three", "four", "five", "many", "few",
              "other", "another", "various", "numerous", "dozens", "scores", "most", "any", "no",
              "people", "officials", "sources", "residents", "experts", "analysts", "critics",
              "observers", "witnesses", "neighbours", "neighbors", "others", "someone", "somebody"}
POSSESSIVE = {"'s", "’s", "'", "’"}
# Abbreviated titles and the word a description uses for them ("Sen. Hale" ... "the senator").
TITLE_ABBREVIATIONS = {"sen": "senator", "sen.": "senator", "gov": "governor", "gov.": "governor",
                       "rep": "representative", "rep.": "representative", "gen": "general",
                       "gen.": "general", "capt": "captain", "capt.": "captain", "lt": "lieutenant",
                       "lt.": "lieutenant", "sgt": "sergeant", "sgt.": "sergeant", "insp": "inspector",
                       "insp.": "inspector", "det": "detective", "det.": "detective",
                       "supt": "superintendent", "supt.": "superintendent", "prof": "professor",
                       "prof.": "professor", "dr": "doctor", "dr.": "doctor", "cllr": "councillor",
                       "col": "colonel", "col.": "colonel", "adm": "admiral", "adm.": "admiral",
                       "maj": "major", "maj.": "major", "cmdr": "commander", "pres": "president",
                       "pres.": "president", "amb": "ambassador", "amb.": "ambassador",
                       "pc": "constable", "dc": "constable"}
# Nouns for people of a nation that are not its adjective ("the Briton" ... "British cyclist").
DEMONYMS = {"briton": "british", "britons": "british", "spaniard": "spanish", "frenchman": "french",
            "frenchwoman": "french", "dutchman": "dutch", "dutchwoman": "dutch", "englishman": "english",
            "englishwoman": "english", "irishman": "irish", "irishwoman": "irish", "scot": "scottish",
            "scotsman": "scottish", "scotswoman": "scottish", "welshman": "welsh",
            "welshwoman": "welsh", "dane": "danish", "swede": "swedish", "finn": "finnish",
            "pole": "polish", "turk": "turkish", "icelander": "icelandic"}
# The verbs whose complement describes their subject: "Eng was elected president", "became coach".
PREDICATE_VERBS = {"be", "become", "remain", "elect", "appoint", "name", "make", "serve", "stay"}
# Nouns for people that the text may introduce without a name ("a woman", "a retired engineer"):
# a pronoun right after such a mention most likely refers to that unnamed person.
PERSON_NOUNS = {"woman", "man", "girl", "boy", "neighbour", "neighbor", "resident", "passenger",
                "engineer", "worker", "witness", "customer", "driver", "pensioner", "student",
                "teacher", "nurse", "doctor", "officer", "volunteer", "visitor", "tourist", "friend",
                "stranger", "local", "shopper", "parent", "mother", "father", "motorist", "cyclist",
                "walker", "fisherman", "farmer", "tenant", "patient", "caller", "member", "bystander",
                "onlooker", "employee", "guard", "pupil", "lawyer", "official", "spokesman",
                "spokeswoman", "spokesperson", "source", "colleague", "relative"}
# Heads of descriptions that name somebody else's agent or relation ("the spokesman", "the lawyer"):
# with nothing in the text to match, they are not taken for the person the story is about.
OTHER_PERSON_HEADS = {"spokesman", "spokeswoman", "spokesperson", "lawyer", "attorney", "barrister",
                      "solicitor", "agent", "aide", "adviser", "advisor", "representative", "source",
                      "witness", "neighbour", "neighbor", "friend", "colleague", "relative",
                      "insider", "interpreter", "translator", "doctor"}
# Descriptions of people by their youth: they match a person whose stated age is under 20.
YOUTH_HEADS = {"teenager", "teen", "youngster", "schoolboy", "schoolgirl", "teenage", "adolescent"}
# Heads of descriptions of two or more named people ("the couple", "the brothers").
GROUP_HEADS = {"couple", "pair", "brothers", "sisters", "twins", "siblings", "parents", "duo",
               "family", "partners", "two", "both", "spouses", "husband-and-wife"}
# Documents that speak ("according to the indictment", "the lawsuit says"): no person or body.
DOCUMENT_NOUNS = {"indictment", "lawsuit", "suit", "report", "filing", "statement", "decision",
                  "ruling", "judgment", "judgement", "register", "study", "survey", "paper",
                  "document", "documents", "letter", "complaint", "minutes", "records", "notice",
                  "petition", "review", "poll", "affidavit", "transcript", "memo", "email", "post",
                  "tweet", "warrant", "order", "agreement", "contract", "plan", "budget", "audit",
                  "inquiry", "analysis", "data", "figures", "charge", "charges", "verdict", "motion",
                  "brief", "submission", "application", "leaflet", "newsletter", "sign", "notice",
                  "guidance", "policy", "law", "bill", "act", "proposal", "research"}
# Court reports name a lawyer by their side ("Nadia Ferreira-Holm, prosecuting," "Aled Brannock, for
# the defence,"): the words for that role, which descriptions use later ("the prosecutor", "his lawyer").
SIDE_ROLES = {"prosecuting": {"prosecutor", "counsel"},
              "prosecution": {"prosecutor", "counsel"},
              "defending": {"defence", "defense", "lawyer", "barrister", "solicitor", "counsel", "attorney"},
              "defence": {"lawyer", "barrister", "solicitor", "counsel", "attorney"},
              "defense": {"lawyer", "barrister", "solicitor", "counsel", "attorney"},
              "representing": {"lawyer", "barrister", "solicitor", "counsel", "attorney"}}
# Nouns for a client's lawyer: "his lawyer" is the lawyer the text names for the defence, if one.
LAWYER_HEADS = {"lawyer", "barrister", "solicitor", "counsel", "attorney", "advocate"}
# Endings of nouns for people ("potter", "winger", "sculptor", "florist", "historian").
PERSON_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ee", "ster", "ess", "man", "woman")
PERSON_LABELS = ("PERSON",)
# How many sentences nearer the previous quote's speaker counts for a pronoun.
PREV_SPEAKER_BONUS = 0.5
# How many sentences nearer the person the story is about counts (`SpeakerResolver._salient`).
TOPIC_BONUS = 1.0
# The label of the narration's "he" and "she" among the resolved mentions (not quotes' speakers).
NARRATIVE = "NARRATIVE"
ORG_LABELS = ("ORG", "FAC", "GPE", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LOC")


@registry.misc("quotes.resolver.v1")
def make_resolver(max_distance: int = 1500) -> "SpeakerResolver":
    """Build the speaker resolver used by the quote components.

    max_distance (int): how many tokens back a pronoun or description may look for its referent.
    RETURNS (SpeakerResolver): a callable that fills `Quote.resolved` in place.
    """
    return SpeakerResolver(max_distance=max_distance)


@dataclass
class Entity:
    """A person or organisation the document names, with every mention of it.

    kind (str): "person" or "org".
    mentions (List[Span]): its mentions in text order (possessive endings stripped).
    fullest (Span): the mention to resolve to.
    gender (Optional[str]): "m", "f" or None where unknown (people only).
    words (Set[str]): lowercased words that describe it where it is named (titles, appositives).
    """

    kind: str
    mentions: List[Span] = field(default_factory=list)
    fullest: Optional[Span] = None
    gender: Optional[str] = None
    words: Set[str] = field(default_factory=set)
    gender_words: Set[str] = field(default_factory=set)
    ages: Set[str] = field(default_factory=set)


class SpeakerResolver:
    """Fill `Quote.resolved` with the fullest mention of whom each speaker refers to."""

    def __init__(self, max_distance: int = 1500) -> None:
        """Initialize the resolver.

        max_distance (int): how many tokens back a pronoun or description may look for its referent.
        """
        self.max_distance = max_distance

    def __call__(self, doc: Doc, quotes: Sequence[Quote]) -> None:
        """Resolve the speakers of a doc's quotes in place.

        doc (Doc): a doc with entities and a parse.
        quotes (Sequence[Quote]): its quotes.
        """
        entities = find_entities(doc, [q.speaker for q in quotes if q.speaker is not None])
        contents = [frag for q in quotes for frag in q.content]
        # Outer quotes before the quotes nested in them, so "I" inside a quote can take the outer
        # quote's resolved speaker.
        order = sorted(quotes, key=lambda q: (q.content[0].start, -q.content[-1].end))
        by_text = {}
        for e in entities:
            by_text.setdefault(e.fullest.text, e)
        outers = _outer_quotes(quotes)
        # read once per doc, and only where a description will ask
        facts = _DocFacts.of(doc) if any(
            q.speaker is not None and (speaker_kind(q.speaker.text) == "description" or q.speaker.root.lower_ in NEUTER)
            for q in quotes) else None
        # The speakers resolved so far, with their entity, by speaker start (ties in the order they
        # were resolved), and the first of them at each start. Each quote reads only those within
        # `max_distance` tokens before it, so the work per quote does not grow with the document.
        done: List[Tuple[Span, Entity]] = []
        done_starts: List[int] = []
        first_at: Dict[int, Tuple[Span, Entity]] = {}
        longest = max((len(q.speaker) for q in quotes if q.speaker is not None), default=0)
        starts = sorted({q.speaker.start for q in quotes if q.speaker is not None})
        # "he" and "she" as subjects in the narration between the quotes ("Vasquez-Lind, 61, grew
        # up above the ferry office ... She handles the ropes"), resolved in text order as the
        # quotes come to them: they carry a person through paragraphs that do not name them, as
        # resolved speakers do.
        narration = _narration(doc, quotes, contents)
        narrative = _narrative_pronouns(doc, narration)
        by_start = {}
        for q in quotes:
            if q.speaker is not None:
                by_start.setdefault(q.speaker.start, q)
        byline = _byline(doc)
        # Each quote that follows a question (a quote whose cue is "ask"), with that question.
        asked_by: Dict[int, Quote] = {}
        for a, b in zip(order, order[1:]):
            if a.cue is not None and a.cue.root.lemma_.lower() == "ask" and outers[id(b)] is None:
                asked_by[id(b)] = a
        # ... and so do the narration's role descriptions of one person ("By Monday afternoon the
        # coxswain was hosing the salt off its hull ... “...,” he said")
        told: List[Tuple[Span, Entity]] = _narrative_descriptions(doc, narration, entities)
        told_starts: List[int] = [m.start for m, _ in told]
        n_told = 0
        for q in order:
            if q.speaker is None:
                q.resolved = None
                continue
            here = q.speaker.start
            while n_told < len(narrative) and narrative[n_told].start < here:
                m = narrative[n_told]
                n_told += 1
                k = bisect_left(done_starts, m.start)
                before = _merge_by_start(
                    done[bisect_left(done_starts, m.start - self.max_distance - longest) : k],
                    told[bisect_left(told_starts, m.start - self.max_distance) :])
                found = self._pronoun(doc, m, entities, contents, None,
                                      first_at[done_starts[k - 1]][1] if k else None, before)
                ent = by_text.get(found.text) if found is not None else None
                if ent is not None and ent.kind == "person":
                    at = bisect_right(told_starts, m.start)
                    told.insert(at, (m, ent))
                    told_starts.insert(at, m.start)
            k = bisect_left(done_starts, here)
            # The previous quote's speaker: a pronoun most often continues with them.
            prev = first_at[done_starts[k - 1]][1] if k else None
            earlier = _merge_by_start(
                done[bisect_left(done_starts, here - self.max_distance - longest) : k],
                told[bisect_left(told_starts, here - self.max_distance) : bisect_left(told_starts, here)])
            # The speaker right before this one, if it was resolved ("they" continues with it).
            j = bisect_left(starts, here)
            last = first_at.get(starts[j - 1]) if j else None
            before = by_start.get(starts[j - 1]) if j else None
            answer = (before is not None and before.speaker.root.lower_ == "i" and outers[id(before)] is None
                      and before.resolved is not None and byline is not None
                      and before.resolved.start == byline.start)
            # The quote before asked a question ("Asked by the coroner whether ..."): the answer's
            # "she" is not whoever asked it
            asked = asked_by.get(id(q))
            q.resolved = self.resolve(doc, q.speaker, entities, contents, outers[id(q)], prev, earlier, last, facts,
                                      own=q.content, answer=answer,
                                      asker=asked.resolved.text if asked is not None and asked.resolved is not None
                                      else None)
            ent = by_text.get(q.resolved.text) if q.resolved is not None else None
            if ent is None and q.resolved is None and speaker_kind(q.speaker.text) == "name":
                ent = _named_entity_in(q.speaker, entities)
            if ent is not None:
                at = bisect_right(done_starts, here)
                done_starts.insert(at, here)
                done.insert(at, (q.speaker, ent))
                first_at.setdefault(here, (q.speaker, ent))

    def resolve(self, doc: Doc, speaker: Span, entities: List[Entity],
                contents: Sequence[Span] = (), outer: Optional[Quote] = None,
                prev: Optional[Entity] = None,
                spoken: Sequence[Tuple[Span, Entity]] = (),
                last: Optional[Tuple[Span, Entity]] = None,
                facts: Optional["_DocFacts"] = None,
                own: Sequence[Span] = (), answer: bool = False, asker: Optional[str] = None) -> Optional[Span]:
        """Resolve one speaker span.

        doc (Doc): the document.
        speaker (Span): the speaker as the text names it.
        entities (List[Entity]): the document's people and organisations (`find_entities`).
        contents (Sequence[Span]): the quotes' content fragments (mentions inside them are weak
            antecedents: people named in a quote are rarely the next speaker).
        outer (Optional[Quote]): the quote this speaker's quote is nested in, if any.
        prev (Optional[Entity]): the entity the previous quote's speaker resolved to, if any
            (a pronoun prefers it).
        spoken (Sequence[Tuple[Span, Entity]]): earlier speakers with the entity each resolved to:
            mentions of that entity too ("the commissioner said ... she said").
        last (Optional[Tuple[Span, Entity]]): the speaker right before this one with its entity,
            if it was resolved ("they" continues with an organisation).
        facts (Optional[_DocFacts]): `_DocFacts.of(doc)`, read once per doc by the caller; None to
            read it here.
        own (Sequence[Span]): the content fragments of the speaker's own quote: a pronoun is not
            somebody the quote names ("“Aroha exaggerates,” she says" is not Aroha).
        answer (bool): whether the quote before is the writer's own ("“Will you drive over the
            bridge?” I ask."): "he" or "she" then answers, and is the person the story is about.
        asker (Optional[str]): the fullest name of who asked the question just before, if the quote
            before is one ("Asked by the coroner whether ..., she said"): "he" or "she" is not them.
        RETURNS (Optional[Span]): the fullest mention it refers to, or None.
        """
        kind = speaker_kind(speaker.text)
        if kind == "pronoun":
            return self._pronoun(doc, speaker, entities, contents, outer, prev, spoken, last, own, answer, facts,
                                 asker)
        group = next((m for e in entities if e.kind == "group" for m in e.mentions
                      if speaker.start <= m.start and m.end <= speaker.end), None)
        if group is not None:
            return group  # "The shop's owners, Ken and Shirley Batt,": the two of them
        named = _named_entity_in(speaker, entities)
        if (named is not None and len(named.fullest) == 1 and len(speaker) == 1
                and (named.kind == "org" or all(len(m) == 1 for m in named.mentions))):
            # A place does not speak, and a body's short name is its full one: "Haverleigh said" is
            # the body named after it ("Haverleigh Town"), when the text names one such body
            word = named.fullest[0].lower_
            after = [e for e in entities if e.kind == "org" and e is not named
                     and e.mentions[0].label_ not in ("GPE", "LOC") and len(e.fullest) >= 2
                     and e.fullest[0].lower_ == word]
            if len(after) == 1:
                return after[0].fullest
        if named is not None:
            # A speaker that already holds the fullest form resolves to its own words, so the
            # answer does not depend on what else the document (or a piece of it) contains.
            full = named.fullest
            n = len(full)
            for i in range(speaker.start, speaker.end - n + 1):
                if doc[i : i + n].text == full.text:
                    return doc[i : i + n]
            return full
        if kind == "name":
            return None
        return self._description(doc, speaker, entities, contents, prev, spoken,
                                 facts if facts is not None else _DocFacts.of(doc))

    def _pronoun(self, doc: Doc, speaker: Span, entities: List[Entity], contents: Sequence[Span],
                 outer: Optional[Quote], prev: Optional[Entity] = None,
                 spoken: Sequence[Tuple[Span, Entity]] = (),
                 last: Optional[Tuple[Span, Entity]] = None,
                 own: Sequence[Span] = (), answer: bool = False,
                 facts: Optional["_DocFacts"] = None, asker: Optional[str] = None) -> Optional[Span]:
        word = speaker.root.lower_
        if word in ("i", "me", "myself"):
            if outer is not None:
                return outer.resolved if outer.resolved is not None else (
                    outer.speaker if outer.speaker is not None
                    and speaker_kind(outer.speaker.text) == "name" else None)
            # Outside any quote, "I" is the writer: the byline's name, if the piece has one.
            return _byline(doc)
        if word in ("we", "us") and outer is not None and outer.resolved is not None:
            # "“We said to each other ...,” Marit Barros says": the quoter and whoever they are named
            # together with, or the body the quoter is described as part of
            return _quoters_group(outer.resolved, entities)
        if word in MASC or word in FEM:
            gender = "m" if word in MASC else "f"
            # nor, inside somebody's quote, that somebody ("“... and she was stroking the wheel,”
            # Pene says": Pene says "I")
            quoter = outer.resolved.text if outer is not None and outer.resolved is not None else None
            ent = self._salient(doc, speaker, entities, contents, "person", gender, prev, spoken,
                                skip=lambda e: _named_in(e, own) or e.fullest.text in (quoter, asker)
                                or (outer is None and _died_before(e, speaker)),
                                answer=answer)
            if ent is None or _unnamed_between(doc, ent, speaker, gender):
                return None
            return ent.fullest
        if word in NEUTER:
            # "The council spent £180,000 on the lido in 2019. It said ...": the body the sentence
            # before describes in its subject, which no mention of a name shows
            body = _subject_description(doc, speaker)
            if body is not None:
                found = self._description(doc, body, entities, contents, prev, spoken,
                                          facts if facts is not None else _DocFacts.of(doc))
                if found is not None:
                    return found
            ent = self._salient(doc, speaker, entities, contents, "org", None, prev, spoken)
            return ent.fullest if ent is not None else None
        if (word == "they" and last is not None and last[1].kind == "org" and _sentences_apart(last[0], speaker) <= 2
                and not _new_people(doc, speaker)):
            # Number agreement: "they" right after an organisation spoke is that organisation
            # ("the company said ... They said"); after a person, or a group the text does not
            # name ("about 300 drivers"), it stays unresolved, as it does when the sentence
            # before brings in other people ("Two mothers ... learned of them").
            return last[1].fullest
        if word == "they":
            # The body the writer or quoter just contacted: "When I rang the council, they told me",
            # "When I asked Coastway for the figures, they told me"
            body = _contacted_body(doc, speaker)
            if body is not None:
                found = _named_entity_in(body, entities)
                if found is not None and found.kind == "org":
                    return found.fullest
                if body.root.lemma_.lower() in ORG_NOUNS or body.root.lower_ in ORG_NOUNS:
                    found = self._description(doc, body, entities, contents, prev, spoken,
                                              facts if facts is not None else _DocFacts.of(doc))
                    if found is not None:
                        return found
            # Two people named together ("Bram and Ineke Verhoeven") just before.
            group = _recent_group(speaker, entities, spoken, 2)
            if group is not None:
                return group.fullest
            # The subject of the sentence before names a body: "Rovers' owners, the investment firm
            # Halden Sports Group, have been under pressure ... They said ..."
            org = _subject_org(doc, speaker, entities)
            if org is not None:
                return org.fullest
            # ... or its members: "members of the group take turns to ... They said"
            body = _subject_description(doc, speaker, members=True)
            if body is not None and body.root.lemma_.lower() != "member":
                return self._description(doc, body, entities, contents, prev, spoken,
                                         facts if facts is not None else _DocFacts.of(doc))
            return None
        return None  # other plural and indefinite pronouns: a group the text rarely names

    def _salient(self, doc: Doc, speaker: Span, entities: List[Entity], contents: Sequence[Span],
                 kind: str, gender: Optional[str], prev: Optional[Entity] = None,
                 spoken: Sequence[Tuple[Span, Entity]] = (),
                 skip: Callable[[Entity], bool] = lambda e: False,
                 answer: bool = False) -> Optional[Entity]:
        """The most salient earlier entity of a kind that agrees in gender (and that `skip` does
        not rule out): the subject of the nearest sentence (going back) that mentions one, else
        that sentence's first mention."""
        owner: Dict[Tuple[int, int], Entity] = {}
        for e in entities:
            if e.kind != kind or skip(e):
                continue
            if gender is not None and e.gender is not None and e.gender != gender:
                continue
            for m in e.mentions:
                if m.end <= speaker.start and speaker.start - m.end <= self.max_distance:
                    owner[(m.start, m.end)] = e
        # Pronoun and description speakers resolved earlier are mentions the NER cannot see ("the
        # commissioner replied ... she said"); a name speaker is among the mentions already.
        for m, e in spoken:
            if speaker_kind(m.text) != "name" and e.kind == kind and not skip(e) and not (gender is not None and e.gender is not None and e.gender != gender) \
                    and m.end <= speaker.start and speaker.start - m.end <= self.max_distance:
                owner.setdefault((m.start, m.end), e)
        if not owner:
            return None
        # Salience: sentences back, then a penalty for mentions that are not subjects, whose gender
        # is unknown, or that are inside quotes (people named in a quote are rarely its speaker).
        sentence = sentence_numbers(doc)
        here = int(sentence[speaker.start])
        # The person the story is about (a profile's subject): quoted far more often than anybody
        # else so far, they stay the likeliest "she" after others are named in between.
        refs = Counter(id(e) for m, e in spoken if e.kind == kind and m.end <= speaker.start
                       and m.label_ != NARRATIVE)
        ranked = refs.most_common(2)
        topic = ranked[0][0] if ranked and ranked[0][1] >= 3 and (
            len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]) else None
        if topic is not None and not answer:
            # ... but not over somebody the sentence right before, in the same paragraph, names as
            # its subject in a narration that holds no quote ("Corran, who had spent the morning
            # ..., struck a different tone. “...,” he said")
            opened = any(id(e) != topic and here - int(sentence[start]) == 1 and _is_subject(doc[start:end])
                         and doc[start:end].label_ != NARRATIVE and speaker_kind(doc[start:end].text) == "name"
                         and not _inside(doc[start:end], contents)
                         and not _holds_quote(doc[start].sent, contents)
                         and not any("\n" in t.text for t in doc[end : speaker.start])
                         for (start, end), e in owner.items())
            if opened:
                topic = None
        if answer:
            # the writer asked somebody they named just before ("I rang Faulkes ... I asked
            # whether ..."): the answer is theirs
            asked = [(here - int(sentence[start]), -start, e) for (start, end), e in owner.items()
                     if here - int(sentence[start]) <= 2 and not _inside(doc[start:end], contents)
                     and not _is_subject(doc[start:end])]
            if asked:
                return min(asked, key=lambda x: x[:2])[2]
        if answer and topic is not None:
            subject = next((e for e in owner.values() if id(e) == topic), None)
            if subject is not None:
                return subject
        best_key, best = None, None
        for (start, end), e in owner.items():
            m = doc[start:end]
            distance = here - int(sentence[m.start])
            cost = float(distance)
            cost += 0.0 if _is_subject(m) else 0.5
            if gender is not None and e.gender is None:
                # unknown gender: a weaker candidate, and a doubtful person when the name is a
                # single word ("Kerrow" may be a place the NER took for a person)
                cost += 0.75 if len(e.fullest) >= 2 else 2.0
            cost += 1.0 if _inside(m, contents) else 0.0
            cost -= PREV_SPEAKER_BONUS if e is prev else 0.0
            cost -= TOPIC_BONUS if id(e) == topic else 0.0
            # same sentence: the nearest mention; earlier sentences: the first one
            order = -start if distance == 0 else start
            key = (cost, order)
            if best_key is None or key < best_key:
                best_key, best = key, e
        return best

    def _description(self, doc: Doc, speaker: Span, entities: List[Entity],
                     contents: Sequence[Span], prev: Optional[Entity], spoken: Sequence[Tuple[Span, Entity]],
                     facts: "_DocFacts") -> Optional[Span]:
        head = _head(speaker)
        first = speaker[0].lower_
        poss = [t for t in head.children if t.dep_ == "poss" and t.i >= speaker.start]
        if first in ("a", "an") and head.tag_ == "NN" and _person_noun(head) and not any(
                e.kind == "person" and e.mentions[0].end <= speaker.start for e in entities):
            # A delayed lead names the person later by the same title ("a judge who said ..." ...
            # "Judge Rosalind Okonjo"), or else in the next sentence: "A site foreman told a jury
            # ... / Declan Ferris, 47, was giving evidence ..."
            titled = [e for e in entities if e.kind == "person" and head.lower_ in e.words]
            if titled:
                return min(titled, key=lambda e: e.mentions[0].start).fullest
            named = [e for e in entities if e.kind == "person" and _sentences_apart(speaker, e.mentions[0]) == 1
                     and e.mentions[0].start == e.mentions[0].sent.start and _is_subject(e.mentions[0])]
            return named[0].fullest if named else None
        if first not in ("the", "this") and head.tag_ == "NN" and not poss and speaker.start == head.left_edge.i \
                and speaker.end <= facts.first_break < len(doc):
            first = "the"  # a headline drops its articles: "..., site foreman tells trial"
        if first in INDEFINITE or (head.tag_ in ("NNS", "NNPS") and first not in ("the", "its", "their", "his", "her")
                                   and not poss):
            return None  # "a senior official", "officials": nobody named
        age = _stated_age(speaker)
        # "the 81-year-old" is the one person the text gives that age ("Doreen Halloway, 81,"),
        # named before or, in a headline, after; with nobody given it, not somebody given another
        # ("her husband, Albert Halloway, 84")
        aged = [e for e in entities if e.kind == "person" and age in e.words] if age is not None else []
        if not aged and age is not None and 13 <= int(age) <= 19:
            # "the 19-year-old" is the one the text calls "the teenager"
            aged = [e for e in entities if e.kind == "person" and e.words & YOUTH_HEADS and not e.ages - {age}]
        if len(aged) == 1:
            return aged[0].fullest

        def other_age(e: Entity) -> bool:
            return age is not None and not aged and bool(e.ages) and age not in e.ages

        words = _description_words(speaker, head)
        if first == "the" and (head.lower_ in GROUP_HEADS or head.lemma_.lower() in GROUP_HEADS):
            group = _recent_group(speaker, entities, spoken, 4)
            return group.fullest if group is not None else None
        earlier = [e for e in entities if e.kind != "group" and any(m.end <= speaker.start for m in e.mentions)]
        if poss:
            owner_word = poss[0].lower_
            if ((head.lemma_.lower() in ORG_NOUNS or head.lower_ in ORG_NOUNS) and head.tag_ == "NN"
                    and head.lower_ not in ("office", "campaign")):
                # "her party", "his department", "Galloway's firm": the body its owner is described
                # as part of, or that carries their name
                owner = None
                if owner_word in MASC | FEM:
                    owner = self._salient(doc, poss[0].doc[poss[0].i : poss[0].i + 1], entities, contents,
                                          "person", "m" if owner_word in MASC else "f", prev, spoken)
                elif owner_word not in NEUTER:
                    owner = _named_entity_in(doc[poss[0].left_edge.i : poss[0].i + 1], entities)
                if owner is not None and owner.kind == "person":
                    body = _body_of(owner, entities)
                    if body is not None:
                        return body.fullest
            if _is_proxy(head.lower_):
                if owner_word in MASC or owner_word in FEM:
                    ent = self._salient(doc, poss[0].doc[poss[0].i : poss[0].i + 1], entities,
                                        contents, "person", "m" if owner_word in MASC else "f")
                    return ent.fullest if ent is not None else None
                if owner_word in NEUTER:
                    ent = self._salient(doc, speaker, entities, contents, "org", None)
                    return ent.fullest if ent is not None else None
                owner_ent = _named_entity_in(doc[poss[0].left_edge.i : poss[0].i + 1], entities)
                if owner_ent is not None:
                    return owner_ent.fullest
            if owner_word in MASC | FEM and head.lower_ in LAWYER_HEADS:
                # "his lawyer": the one lawyer the text names for the defence, if it names one
                sides = [e for e in earlier if e.kind == "person" and e.words & SIDE_ROLES["defending"]
                         and "prosecutor" not in e.words]
                return sides[0].fullest if len(sides) == 1 else None
            if owner_word in MASC | FEM and (head.lower_ in RELATION_NOUNS or head.lemma_.lower() in RELATION_NOUNS
                                             or head.lower_ in OWNED_ROLES):
                # "her husband", "her coach": the one person the text described so earlier ("her
                # husband, Albert Halloway, 84", "Solberg's coach Annika Brekke"), unless it
                # describes several so
                kin = [e for e in earlier if e.kind == "person"
                       and {head.lower_, head.lemma_.lower()} & e.words]
                return kin[0].fullest if len(kin) == 1 else None
            if owner_word in MASC | FEM | NEUTER:
                return None  # "his lawyer", "her campaign manager": somebody else, unnamed
        if head.lower_ in DOCUMENT_NOUNS or head.lemma_.lower() in DOCUMENT_NOUNS:
            return None  # "the indictment", "the lawsuit": a document, nobody to name
        is_org = head.lemma_.lower() in ORG_NOUNS or head.lower_ in ORG_NOUNS
        if is_org and head.tag_ == "NNS" and any(c.like_num or c.lower_ == "both" for c in head.children):
            return None  # "the two societies": several bodies, no one name
        kinds = ("org", "person") if is_org else ("person",)
        if not is_org and head.tag_ == "NNS":
            kinds = ()  # "the researchers", "the authors": several people, no one name
        # The same description said earlier of somebody ("The country's water minister insisted
        # ... The minister said"): the same person, unless a name with that title came since.
        lemma = head.lemma_.lower()
        chained = next((e for m, e in reversed(spoken) if e.kind in kinds and m.end <= speaker.start
                        and speaker_kind(m.text) == "description" and _head(m).lemma_.lower() == lemma), None)
        chained_at = max((m.start for m, e in spoken if e is chained and speaker_kind(m.text) == "description"
                          and m.end <= speaker.start), default=-1)
        # Right after a body spoke, a bare "the company" is the same body ("Korvanta Foods said ...
        # The company said"), unless its name says it is another kind of body ("... Workers
        # Union") or another body's name holds the noun ("the council": "Harwick District Council")
        head_words = {head.lower_, head.lemma_.lower()}
        if (is_org and not (words - head_words) and prev is not None and prev.kind == "org"
                and not ({t.lower_ for t in prev.fullest if t.lower_ in ORG_NOUNS} - head_words)
                and not any(e.kind == "org" and e is not prev and any(t.lower_ in head_words for m in e.mentions for t in m)
                            for e in earlier)):
            return prev.fullest
        # An organisation noun looks for organisations first, and only then for a person the NER
        # may have mistyped: "the council" is Harwick District Council, not a councillor.
        for kind in kinds:
            best, best_score = None, 0.0
            for e in earlier:
                if e.kind != kind or other_age(e):
                    continue
                score = _match(words, head, e)
                if score > best_score or (score == best_score and score > 0 and best is not None
                                          and _last_before(e, speaker) > _last_before(best, speaker)):
                    best, best_score = e, score
            if chained is not None and chained.kind == kind and (
                    best is None or _last_before(best, speaker) < chained_at):
                return chained.fullest
            if best is not None:
                return best.fullest
        # A headline or an opening description can name the person further on ("The captain said
        # ..." before "Captain Ulla Brenner"): a word match later in the text counts too.
        later = [(_match(words, head, e), -kinds.index(e.kind), -e.mentions[0].start, e) for e in entities
                 if e.kind in kinds and e.kind != "group" and e not in earlier and not other_age(e)]
        later = [x for x in later if x[0] >= 2 or (x[0] > 0 and _generic(head))]
        if later:
            return max(later, key=lambda x: x[:3])[3].fullest
        if is_org and not (words - {head.lower_, head.lemma_.lower()}):
            # a bare "the company": the organisation the story is about, i.e. the most mentioned
            # one. A described one ("the state transport department") that matched no name above
            # is some other body the text does not name.
            orgs = [e for e in earlier if e.kind == "org" and e.mentions[0].label_ == "ORG"]
            if orgs:
                top = max(orgs, key=lambda e: (len(e.mentions), -e.mentions[0].start))
                return top.fullest
            return None
        gender = "f" if words & FEMALE_WORDS else "m" if words & MALE_WORDS else None
        if _generic(head) and not _introduced_unnamed(facts, head, speaker):
            if not any(e.kind == "person" for e in earlier) and (
                    first in ("the", "this") or (poss and poss[0].pos_ != "PRON")):
                return _named_next(speaker, entities)  # a lead's "Maravia's main opposition candidate"
            ent = self._salient(doc, speaker, entities, contents, "person", gender, prev, spoken,
                                skip=lambda e: _other_role(words, head, e) or other_age(e))
            return ent.fullest if ent is not None else None
        if first == "the" and head.lower_ == "witness" and not _inside(speaker, contents):
            # "the witness replied": the person giving evidence, i.e. the person spoken of last
            # who is none of the court's own (judge, counsel)
            ent = self._salient(doc, speaker, entities, contents, "person", gender, prev, spoken,
                                skip=lambda e: bool(e.words & COURT_ROLES))
            return ent.fullest if ent is not None else None
        if (is_org or first not in ("the", "this") or head.tag_ not in ("NN", "NNP")
                or not _person_noun(head) or head.lower_ in OTHER_PERSON_HEADS
                or _inside(speaker, contents) or _introduced_unnamed(facts, head, speaker)):
            return None  # somebody the text does not name, or somebody in a quoted story
        # A role the text never states ("the potter", "the winger"): news writing varies how it
        # names the person the story is about. Before anybody is named it is the first person
        # named next (a lead's "the head teacher"); after, the person just spoken of.
        if not any(e.kind == "person" for e in earlier):
            return _named_next(speaker, entities)
        ent = self._salient(doc, speaker, entities, contents, "person", gender, prev, spoken,
                            skip=lambda e: _other_role(words, head, e))
        if ent is None or min(_sentences_apart(m, speaker) for m in _mentions_before(ent, speaker, spoken)) > 2:
            return None
        return ent.fullest


AGE_PATTERN = re.compile(r"^(?:the )?(\d{1,3})[-\u2010\u2011 ]years?[-\u2010\u2011 ]old\b", re.IGNORECASE)


def _stated_age(speaker: Span) -> Optional[str]:
    """The age a description gives as its head phrase ("the 81-year-old", "81-year-old"), if any."""
    match = AGE_PATTERN.match(speaker.text)
    return match.group(1) if match else None


def _named_next(speaker: Span, entities: List[Entity]) -> Optional[Span]:
    """The first person named within three sentences after a speaker, before whom nobody is named:
    how a lead's description ("the head teacher", "the country's main opposition candidate") is
    named further on."""
    ahead = [e for e in entities if e.kind == "person" and _sentences_apart(speaker, e.mentions[0]) <= 3]
    return min(ahead, key=lambda e: e.mentions[0].start).fullest if ahead else None


def _hyphenated(t: Token) -> str:
    """The lower-case hyphenated name a word is part of ("varga-holt" for either half of
    "Varga-Holt"), or the word alone."""
    doc = t.doc
    start = end = t.i
    while (start >= 2 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_
           and not doc[start - 2].whitespace_ and doc[start - 2].text[:1].isupper()):
        start -= 2
    while (end + 2 < len(doc) and not doc[end].whitespace_ and doc[end + 1].text == "-"
           and not doc[end + 1].whitespace_ and doc[end + 2].text[:1].isupper()):
        end += 2
    return doc[start : end + 1].text.lower()


def _names_a_thing(t: Token) -> bool:
    """Whether a one-word name modifies a common noun that is no person ("the Skarra ferry",
    "the Skarra bridge"): the name of a place or thing, not a mention of a person."""
    head = t.head
    return (t.dep_ == "compound" and head is not t and head.pos_ == "NOUN" and head.i == t.i + 1
            and head.lower_ not in TITLE_WORDS and head.lemma_.lower() not in PERSON_NOUNS
            and not head.lower_.endswith(PERSON_SUFFIXES))


def _quoters_group(quoter: Span, entities: List[Entity]) -> Optional[Span]:
    """The group a quoter speaks for as "we": two people named together, one of them the quoter
    ("Oluwaseun and Marit Barros"), else a body whose name the quoter's description holds ("Ingrid
    Holm, who captains Kessington Athletic"), else None."""
    words = {t.lower_ for t in quoter}
    person = next((e for e in entities if e.kind == "person" and e.fullest is not None
                   and e.fullest.text == quoter.text), None)
    for e in entities:
        if e.kind == "group" and words & {t.lower_ for m in e.mentions for t in m if t.text[:1].isupper()} - {"and"}:
            if quoter[-1].lower_ in {t.lower_ for m in e.mentions for t in m}:
                return e.fullest
    if person is not None:
        body = _body_of(person, entities)
        if body is not None:
            return body.fullest
    return None


def _body_of(person: Entity, entities: List[Entity]) -> Optional[Entity]:
    """The body a person is described as part of: the one whose name shares the most words with
    the person's describing words, at least one of a two-word name ("Kessington's captain":
    Kessington Athletic) and two of a longer one ("who chairs the parent council": Inchmara Parent
    Council), or that carries their surname ("Rowan Galloway": Galloway Brothers Construction)."""
    surname = person.fullest[-1].lower_ if person.fullest is not None and len(person.fullest) >= 2 else None
    scored = []
    for e in entities:
        if e.kind != "org" or e.mentions[0].label_ != "ORG" or len(e.fullest) < 2:
            continue
        name = {t.lower_ for t in e.fullest if t.is_alpha and not t.is_stop}
        shared = len(name & person.words) + (surname in name) * 2
        if shared >= min(2, len(name)) or (len(name) == 2 and shared == 1):
            scored.append((shared, len(e.fullest), e))
    return max(scored, key=lambda x: x[:2])[2] if scored else None


def _narration(doc: Doc, quotes: Sequence[Quote], contents: Sequence[Span]) -> numpy.ndarray:
    """Per token, whether it is outside every quote's content and speaker: the writer's narration."""
    outside = numpy.ones((len(doc),), dtype=bool)
    for f in contents:
        outside[f.start : f.end] = False
    for q in quotes:
        if q.speaker is not None:
            outside[q.speaker.start : q.speaker.end] = False
    return outside


def _narrative_pronouns(doc: Doc, narration: numpy.ndarray) -> List[Span]:
    """"he" and "she" as the subject of a clause in the narration (`_narration`), in text order."""
    gendered = token_flags(doc, lambda text: text.lower() in ("he", "she")) & narration
    return [Span(doc, i, i + 1, label=NARRATIVE) for i in numpy.flatnonzero(gendered).tolist()
            if doc[i].dep_ in ("nsubj", "nsubjpass")]


def _narrative_descriptions(doc: Doc, narration: numpy.ndarray, entities: List[Entity]) -> List[Tuple[Span, Entity]]:
    """Definite role descriptions that are the subject of a clause in the narration (`_narration`:
    "the coxswain was hosing"), each with the one person the text describes with that role, in
    text order."""
    people = [e for e in entities if e.kind == "person"]
    found = []
    for t in doc:
        if (t.dep_ in ("nsubj", "nsubjpass") and t.tag_ == "NN" and narration[t.i]
                and any(c.dep_ == "det" and c.lower_ == "the" for c in t.children)
                and (_person_noun(t) or t.lower_ in ROLE_TITLES)
                and t.lower_ not in GENERIC_HEADS):
            described = [e for e in people if {t.lower_, t.lemma_.lower()} & e.words
                         and any(m.end <= t.i for m in e.mentions)]
            if len(described) == 1:
                found.append((Span(doc, t.i, t.i + 1, label=NARRATIVE), described[0]))
    return found


def _merge_by_start(a: Sequence[Tuple[Span, Entity]], b: Sequence[Tuple[Span, Entity]]) -> List[Tuple[Span, Entity]]:
    """Two lists of (mention, entity) sorted by mention start, as one."""
    return sorted(list(a) + list(b), key=lambda x: x[0].start) if b else list(a)


def _named_in(e: Entity, fragments: Sequence[Span]) -> bool:
    """Whether a person is named in a quote's content: one of their mentions, or the first name
    of their full name ("Aroha" for "Aroha Pene"), is in a fragment."""
    if not fragments:
        return False
    if any(f.start <= m.start and m.end <= f.end for m in e.mentions for f in fragments):
        return True
    full = e.fullest
    if full is None or len(full) < 2 or not full[0].text[:1].isupper() or full[0].lower_ in TITLE_WORDS:
        return False
    given = full[0].text
    return any(t.text == given for f in fragments for t in f)


def _subjects_before(doc: Doc, speaker: Span, roots: bool = False) -> Iterator[Tuple[Token, Span]]:
    """The subjects of the sentence before a speaker's, in order, each with that sentence (and,
    with `roots`, a noun at its root: the parse of a verb it missed)."""
    sent = speaker.sent
    if sent.start == 0:
        return
    before = doc[sent.start - 1].sent
    for t in before:
        if t.dep_ in ("nsubj", "nsubjpass") or (roots and t.dep_ == "ROOT" and t.pos_ == "NOUN"):
            yield t, before


def _contacted_body(doc: Doc, speaker: Span) -> Optional[Span]:
    """The object of "I" or "we" contacting somebody earlier in the speaker's sentence ("When I rang
    the council", "When I asked Coastway"), as a span from its first word to its head."""
    for t in doc[speaker.sent.start : speaker.start]:
        if (t.dep_ == "dobj" and t.pos_ in ("NOUN", "PROPN") and t.head.pos_ == "VERB"
                and any(c.dep_ == "nsubj" and c.lower_ in ("i", "we") for c in t.head.children)):
            return doc[t.left_edge.i : t.i + 1]
    return None


def _new_people(doc: Doc, speaker: Span) -> bool:
    """Whether the sentence before a speaker's is about people in the plural: its subject (or a
    root the parse left without a verb) is a plural person noun ("Two mothers waiting outside the
    school learned of them")."""
    return any(t.tag_ == "NNS" and _person_noun(t) for t, _ in _subjects_before(doc, speaker, roots=True))


def _subject_org(doc: Doc, speaker: Span, entities: List[Entity]) -> Optional[Entity]:
    """The organisation named in the subject of the sentence before a speaker's (its head or an
    appositive to it), if there is one."""
    for t, before in _subjects_before(doc, speaker):
        # the subject's noun phrase, without its prepositional phrases and clauses
        phrase, todo = set(), [t]
        while todo:
            x = todo.pop()
            phrase.add(x.i)
            todo.extend(c for c in x.children if c.dep_ in ("appos", "compound", "flat", "poss", "amod", "det", "punct"))
        if t.lemma_.lower() == "member" and t.tag_ == "NNS":
            # "Members of the Harbour Line Residents Group", "Members of the group, which calls
            # itself Sarn 23,": the body they are members of, named in the phrase
            phrase = {x.i for x in t.subtree}
        for e in entities:
            if e.kind == "org" and any(m.root.i in phrase for m in e.mentions if before.start <= m.start < before.end):
                return e
    return None


def _subject_description(doc: Doc, speaker: Span, members: bool = False) -> Optional[Span]:
    """The subject of the sentence before a speaker's when it is a definite description of an
    organisation ("The council", "The company"), as a span from its article to its head; with
    `members`, also the body its members are ("members of the group" -> "the group", for "they")."""
    for t, _ in _subjects_before(doc, speaker):
        if members and t.lemma_.lower() == "member" and t.tag_ == "NNS":
            body = next((c for p in t.children if p.dep_ == "prep" and p.lower_ == "of"
                         for c in p.children if c.dep_ == "pobj"), None)
            if body is not None:
                t = body
        if t.tag_ == "NN" and (t.lemma_.lower() in ORG_NOUNS or t.lower_ in ORG_NOUNS):
            start = t.left_edge.i
            if doc[start].lower_ == "the":
                return doc[start : t.i + 1]
    return None


def _byline(doc: Doc) -> Optional[Span]:
    """The writer's name in a byline line near the top ("By Joan Pettifer"), if any."""
    for t in doc[:80]:
        if t.lower_ != "by" or not (t.i == 0 or "\n" in doc[t.i - 1].text or "\n" in doc[t.i - 1].whitespace_):
            continue
        end = t.i + 1
        while end < len(doc) and doc[end].text[:1].isupper() and doc[end].is_alpha and end - t.i <= 4:
            end += 1
        if end - t.i >= 3 and (end == len(doc) or "\n" in doc[end - 1].whitespace_ or "\n" in doc[end].text):
            return doc[t.i + 1 : end]
    return None


def _recent_group(speaker: Span, entities: List[Entity], spoken: Sequence[Tuple[Span, Entity]],
                  window: int) -> Optional[Entity]:
    """The group of people named last before a speaker, within `window` sentences of it (as a
    mention or as a speaker resolved to it)."""
    best, best_start = None, -1
    for e in entities:
        if e.kind != "group":
            continue
        for m in _mentions_before(e, speaker, spoken):
            if _sentences_apart(m, speaker) <= window and m.start > best_start:
                best, best_start = e, m.start
    return best


def _mentions_before(e: Entity, speaker: Span, spoken: Sequence[Tuple[Span, Entity]]) -> List[Span]:
    """An entity's mentions before a speaker, with the earlier speakers resolved to it."""
    return [m for m in e.mentions if m.end <= speaker.start] + [
        m for m, x in spoken if x is e and m.end <= speaker.start]


def _unnamed_between(doc: Doc, ent: Entity, speaker: Span, gender: str) -> bool:
    """Whether a person the text does not name ("A woman two doors down carried ...") is the subject
    of a clause between an entity's last mention and a pronoun, in the pronoun's sentence or the
    one before: the pronoun then most likely refers to them."""
    last = max((m.end for m in ent.mentions if m.end <= speaker.start), default=0)
    sent_start = speaker.sent.start
    window_start = doc[sent_start - 1].sent.start if sent_start > 0 else 0
    for t in doc[max(last, window_start) : speaker.start]:
        if (t.pos_ != "NOUN" or t.lemma_.lower() not in PERSON_NOUNS or t.tag_ == "NNS"
                or t.dep_ not in ("nsubj", "nsubjpass")):
            continue
        if not any(c.lower_ in ("a", "an", "one", "another") for c in t.children if c.i < t.i):
            continue
        noun_gender = "f" if t.lower_ in FEMALE_WORDS else "m" if t.lower_ in MALE_WORDS else None
        if noun_gender in (None, gender):
            return True
    return False


def _introduced_unnamed(facts: "_DocFacts", head: Token, speaker: Span) -> bool:
    """Whether the text introduced somebody unnamed with this noun before ("a bus driver ... the
    driver said"): the description refers to them."""
    first = facts.introduced.get(head.lemma_.lower())
    return first is not None and first < speaker.start


@dataclass
class _DocFacts:
    """What the resolver reads of a doc more than once, read once per doc (`_DocFacts.of`).

    introduced (Dict[str, int]): each noun lemma that a/an/one/another introduces, with the token
        where it first does.
    first_break (int): the first token holding a line break (the headline ends there), or len(doc).
    """

    introduced: Dict[str, int]
    first_break: int

    @classmethod
    def of(cls, doc: Doc) -> "_DocFacts":
        introduced: Dict[str, int] = {}
        for t in doc:
            if any(c.i < t.i and c.lower_ in ("a", "an", "one", "another") for c in t.children):
                introduced.setdefault(t.lemma_.lower(), t.i)
        return cls(introduced, next((t.i for t in doc if "\n" in t.text), len(doc)))


def _person_noun(head: Token) -> bool:
    """Whether a description's head names a kind of person: a listed title or person noun, or a
    noun with a person ending ("potter", "winger") that is not a document ("register")."""
    words = {head.lower_, head.lemma_.lower()}
    if words & DOCUMENT_NOUNS:
        return False
    return bool(words & (PERSON_NOUNS | TITLE_WORDS | FEMALE_WORDS | MALE_WORDS)) or any(
        w.endswith(PERSON_SUFFIXES) for w in words)


def _outer_quotes(quotes: Sequence[Quote]) -> Dict[int, Optional[Quote]]:
    """For each quote (by `id`), the quote one of whose content fragments holds all of its content,
    the one starting last if several (the first of them in `quotes` on a tie), or None. One sweep
    over the fragments by start, keeping those still open."""
    index = {id(o): n for n, o in enumerate(quotes)}
    fragments = sorted((f.start, f.end, index[id(o)], o) for o in quotes for f in o.content)
    out: Dict[int, Optional[Quote]] = {}
    open_fragments: List[Tuple[int, int, int, Quote]] = []
    i = 0
    for q in sorted(quotes, key=lambda q: q.content[0].start):
        start, end = q.content[0].start, q.content[-1].end
        while i < len(fragments) and fragments[i][0] <= start:
            open_fragments.append(fragments[i])
            i += 1
        open_fragments = [f for f in open_fragments if f[1] > start]  # one ending by now holds nothing
        best = None
        for fs, fe, n, o in open_fragments:
            if o is not q and fs <= start and end <= fe:
                key = (o.content[0].start, -n)
                if best is None or key > best[0]:
                    best = (key, o)
        out[id(q)] = best[1] if best is not None else None
    return out


def _sentences_apart(a: Span, b: Span) -> int:
    """How many sentence boundaries lie between the starts of two spans."""
    lo, hi = sorted((a.start, b.start))
    return sum(1 for t in a.doc[lo + 1 : hi + 1] if t.is_sent_start)


def _holds_quote(span: Span, contents: Sequence[Span]) -> bool:
    """Whether a quote's content overlaps a span."""
    return any(c.start < span.end and span.start < c.end for c in contents)


def _inside(span: Span, contents: Sequence[Span]) -> bool:
    return any(c.start <= span.start and span.end <= c.end for c in contents)


def _is_subject(m: Span) -> bool:
    root = m.root
    while root.dep_ in ("compound", "flat", "appos") and root.head is not root:
        root = root.head
    return root.dep_ in ("nsubj", "nsubjpass")


def _last_before(e: Entity, speaker: Span) -> int:
    return max((m.start for m in e.mentions if m.end <= speaker.start), default=-1)


def _head(span: Span) -> Token:
    """The head noun of a speaker's head phrase (before any appositive or relative clause)."""
    root = span.root
    if root.pos_ in ("DET", "PUNCT", "ADP") or root.dep_ == "det":
        # a parse that hangs "the" and the noun apart ("the 33-year-old wrote"): the last word of
        # the head phrase
        end = span.end
        for t in span:
            if t.text == ",":
                end = t.i
                break
        words = [t for t in span.doc[span.start : end] if not t.is_punct]
        if words:
            return words[-1]
    return root


def _is_proxy(word: str) -> bool:
    if word in PROXY_HEADS:
        return True
    # One letter wrong ("offica"): a typo of a proxy noun is still a proxy.
    return len(word) >= 5 and any(len(p) == len(word) and sum(a != b for a, b in zip(p, word)) == 1
                                  for p in PROXY_HEADS)


def _description_words(speaker: Span, head: Token) -> Set[str]:
    """The words of a description's head phrase and modifiers, without its relative clauses ("The
    company, which was bought by the investment group ..." is a company, not a group)."""
    words = set()
    clauses = _clause_tokens(head)
    for t in head.subtree:
        if t.i < speaker.start or t.i >= speaker.end or t.i in clauses:
            continue
        if t.is_punct or t.is_stop:
            continue
        words.add(t.lower_)
        words.add(t.lemma_.lower())
        for part in t.lower_.replace("’", "-").replace("'", "-").split("-"):
            if part:
                words.add(part)
    return words


def _clause_tokens(head: Token) -> Set[int]:
    """The indices of the relative and participial clauses that modify a phrase's head."""
    return {t.i for c in head.children if c.dep_ in ("relcl", "acl") for t in c.subtree}


def _match(words: Set[str], head: Token, e: Entity) -> float:
    """How well a description's words fit an entity's describing words (head counts double)."""
    score = 0.0
    heads = _head_words(head)
    ctx = e.words
    if e.kind == "org" and heads & {t.lower_ for m in e.mentions for t in m}:
        # the body's own name holds the noun ("the council": Marlcombe County Council), which
        # beats a body the text only describes with it ("the school, which the council closed")
        score += 1
    if heads & YOUTH_HEADS and any(w.isdigit() and 10 <= int(w) <= 19 for w in ctx):
        return 2.0  # "the teenager" ~ "Kaito Rasmussen-Obi, 18,"
    if heads & ctx:
        score += 2
    elif any(_prefix_match(h, c) for h in heads for c in ctx):
        score += 1.5
    for w in words - heads:
        if w in ctx or any(_prefix_match(w, c) for c in ctx):
            score += 1
    if score and not (heads & ctx) and not any(_prefix_match(h, c) for h in heads for c in ctx):
        # Only modifiers match ("the Israeli leader" vs "Israeli Prime Minister"): good evidence
        # when the head fits anyone, weak otherwise.
        if not _generic(head):
            score = 0.0
    return score


def _head_words(head: Token) -> Set[str]:
    """A description's head as it may appear among describing words: its form, its lemma, and for
    a demonym the nation's adjective ("the Briton" ~ "British")."""
    words = {head.lower_, head.lemma_.lower()}
    return (words | {DEMONYMS[w] for w in words if w in DEMONYMS}
            | {s for w in words for s in ORG_SYNONYMS.get(w, ())})


def _other_role(words: Set[str], head: Token, e: Entity) -> bool:
    """Whether the text gives a person a role other than a description's: "Helena Brask, the
    finance director," is not "the chief executive". Only a description that names a role asks
    ("the 52-year-old" and "the veteran" fit anyone)."""
    if not ({head.lower_, head.lemma_.lower()} & (TITLE_WORDS | ROLE_HEADS)):
        return False
    return bool(e.words & SPECIFIC_ROLES) and not (e.words & words)


def _generic(head: Token) -> bool:
    """A head that fits anyone: "the leader", "the 33-year-old"."""
    parts = set(head.lower_.replace("’", "-").replace("'", "-").split("-"))
    return bool(({head.lower_, head.lemma_.lower()} | parts) & GENERIC_HEADS) or head.like_num


def _prefix_match(a: str, b: str) -> bool:
    """"frenchman" ~ "french", "councillor" ~ "council" is not wanted: the shorter must be >= 5
    letters and cover most of the longer."""
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 5 and long_.startswith(short) and len(short) >= 0.6 * len(long_)


def _strip(span: Span) -> Span:
    """A mention without possessive endings, edge punctuation and whitespace, and leading 'the'."""
    start, end = span.start, span.end
    doc = span.doc
    while end > start and (doc[end - 1].lower_ in POSSESSIVE or doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    while start < end and (span.doc[start].is_punct or span.doc[start].is_space or span.doc[start].lower_ == "the"):
        start += 1
    return span.doc[start:end]


def _name_core(span: Span) -> Span:
    """A person's name without leading titles ("Prime Minister Benjamin Netanyahu" -> "Benjamin
    Netanyahu"); a word the text also writes in lower case is a title too ("Lifeguard Aisha
    Brennan", where the text speaks of "the lifeguard")."""
    span = _strip(span)
    doc = span.doc
    start = span.start
    while start < span.end - 1 and (doc[start].lower_ in TITLE_WORDS
                                    or (span.end - start > 2 and _written_lower(doc, doc[start]))
                                    or (span.end - start > 2 and _role_before_name(doc[start]))):
        start += 1  # "Prosecutor Ilija Baranov": a role before a listed first name
    end = span.end
    while end - start > 1 and doc[end - 1].lower_.rstrip(".") in POSTNOMINALS:
        end -= 1  # "Nadia Ferrante KC": letters after the name are no part of it
    cut = _after_last_title(doc[start:end])
    if cut is not None:
        start = cut  # "Tamsoran Water Minister Adaeze Korvallis": the name follows the last title
    return doc[start:end]


def _after_last_title(span: Span) -> Optional[int]:
    """Where the name starts in a titled name whose title comes after other words ("Tamsoran Water
    Minister Adaeze Korvallis"): after the last title word, when two or more capitalised proper
    nouns follow it; else None."""
    doc = span.doc
    last = next((j for j in range(span.end - 1, span.start - 1, -1) if doc[j].lower_ in TITLE_WORDS), None)
    if last is None or last > span.end - 3:
        return None
    rest = doc[last + 1 : span.end]
    if all(t.text[:1].isupper() and t.is_alpha or t.text == "-" for t in rest) and sum(t.is_alpha for t in rest) >= 2:
        return last + 1
    return None


# The words a doc writes in lower case, for the doc seen last. Kept here rather than in
# `doc.user_data`, which must stay serialisable (DocBin, `nlp.pipe(n_process=2)`); one entry, so
# the cache holds at most one doc.
_LOWERED: List[Any] = [None, frozenset()]


def _role_before_name(t: Token) -> bool:
    """Whether a capitalised word before a listed first name is a role, not a name: "Prosecutor
    Ilija Baranov"."""
    doc = t.doc
    if t.i + 2 >= len(doc) or first_name_gender(t.text) or not t.text[:1].isupper():
        return False
    if t.lower_ in ROLE_TITLES:
        # a full name follows: "Prosecutor Ilija Baranov", "Coxswain Declan Hurst"
        return all(x.pos_ == "PROPN" and x.text[:1].isupper() for x in doc[t.i + 1 : t.i + 3])
    return _person_noun(t) and first_name_gender(doc[t.i + 1].text) is not None


def _lowered(doc: Doc) -> frozenset:
    """The words (and lemmas) a doc writes in lower case, read once per doc."""
    if _LOWERED[0] is not doc:
        _LOWERED[0] = doc
        lowered = token_flags(doc, str.islower)
        strings = doc.vocab.strings
        _LOWERED[1] = frozenset(strings[int(v)] for v in numpy.unique(
            doc.to_array([LOWER, LEMMA])[lowered].reshape(-1)))
    return _LOWERED[1]


def _written_lower(doc: Doc, token: Token) -> bool:
    return token.text[:1].isupper() and token.lower_ in _lowered(doc)


def _lower_word(doc: Doc, word: str) -> bool:
    """Whether the doc writes a word (or a word whose lemma it is) in lower case."""
    return word in _lowered(doc)


def _person_key(span: Span) -> str:
    return span[-1].lower_ if len(span) else ""


def _died_before(e: Entity, speaker: Span) -> bool:
    """Whether the text said a person died before a speaker ("Feeney died in 1983 ... The cat, he
    says"): the dead speak only in other people's quotes."""
    for m in e.mentions:
        if m.end > speaker.start:
            break
        root = m.root
        while root.dep_ in ("compound", "flat") and root.head.i != root.i:
            root = root.head
        if (root.dep_ == "nsubj" and root.head.lemma_.lower() == "die") or (
                root.dep_ == "nsubjpass" and root.head.lemma_.lower() == "kill"):
            return True
    return False


def _first_name_word(t: Token) -> bool:
    """A capitalised listed first name before a capitalised proper noun, whatever its tag ("Per
    Oskarsson", where "Per" is tagged as a preposition)."""
    nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
    return (t.text[:1].isupper() and first_name_gender(t.text) is not None and nxt is not None
            and nxt.pos_ == "PROPN" and nxt.text[:1].isupper())


def _speaker_names(speakers: Sequence[Span]) -> List[Span]:
    """The names the quotes' speakers hold: a speaker is a person or an organisation, so a name
    that is a speaker (or ends a comma-separated part of one: "Kerrow's fisheries commissioner,
    Aileen MacCrimmon") names somebody who speaks, whatever the NER made of it. The name is the
    run of capitalised proper nouns that ends the part (before any "of ..." or relative clause)."""
    names = []
    for sp in speakers:
        if speaker_kind(sp.text) == "pronoun":
            continue
        doc = sp.doc
        part_start = sp.start
        for i in range(sp.start, sp.end + 1):
            if i == sp.end or doc[i].text == "," or (doc[i].pos_ in ("ADP", "VERB", "AUX") and not _first_name_word(doc[i])) or (
                    doc[i].tag_ in ("WP", "WDT", "WP$")):
                end = i
                while end > part_start and (doc[end - 1].lower_ in POSSESSIVE or doc[end - 1].is_punct):
                    end -= 1
                start = end
                while (start > part_start and (doc[start - 1].pos_ == "PROPN" or _first_name_word(doc[start - 1]))
                       and doc[start - 1].text[:1].isupper() and doc[start - 1].lower_ not in TITLE_WORDS
                       and not _role_before_name(doc[start - 1])):
                    start -= 1
                if start < end and (end == sp.end or doc[end].lower_ not in POSSESSIVE) and (
                        start == part_start or doc[start - 1].lower_ in TITLE_WORDS
                        or doc[start - 1].pos_ in ("ADJ", "NOUN", "DET", "PUNCT", "ADV")
                        or _role_before_name(doc[start - 1])):
                    names.append(doc[start:end])
                if i < sp.end and doc[i].text != ",":
                    break  # past the head phrase: "of Wendleshire Police", "who ..."
                part_start = i + 1
    return names


def find_entities(doc: Doc, speakers: Sequence[Span] = ()) -> List[Entity]:
    """The people and organisations a document names, each with its mentions, fullest mention,
    gender and describing words.

    doc (Doc): a doc with entities and a parse.
    speakers (Sequence[Span]): the quotes' speaker spans, if known: names they hold are people or
        organisations that speak, which corrects the NER where it mistyped or missed a person.
    RETURNS (List[Entity]): the entities, in order of first mention.
    """
    persons: Dict[str, Entity] = {}
    orgs: List[Entity] = []
    spoken = _speaker_names(speakers)
    # Surnames of names that speak: a name the NER typed as an organisation or a place is a person
    # when its last word is such a surname ("Callum Breen" as ORG, then "Breen said").
    spoken_keys = {_person_key(n) for n in spoken if not _org_name(n) and not any(
        t.lower_ in ORG_NOUNS or t.ent_type_ in ("GPE", "NORP") for t in n)}
    byline = _byline(doc)
    # Quoted passages that are a name and nothing else: titles, banners, nicknames ("a banner
    # reading “Not Our Club”", "the drama “Rivers of Home”"), never the people or bodies that speak.
    text = doc.text
    quoted_names = {text[p.inner[0] : p.inner[1]].strip(" ,.") for p in scan(text)}
    # ... and the same name outside the marks, or a word of it: the clock "the town has called “Old
    # Tom”" is "Old Tom" and "Tom" further on too
    nicknames = [[w.strip(",;:") for w in n.split()] for n in quoted_names]
    nicknames = [n for n in nicknames if 1 <= len(n) <= 5
                 and all(w[:1].isupper() and w.replace("-", "").isalpha() for w in n)]
    nickname_words = {tuple(w.lower() for w in n[i:j]) for n in nicknames
                      for i in range(len(n)) for j in range(i + 1, len(n) + 1)}
    for ent in _joined_ents(doc):
        if byline is not None and byline.start <= ent.start < byline.end:
            continue  # the writer: "I", never "he" or "she"
        if ent.text in quoted_names and ent.start > 0 and doc[ent.start - 1].is_quote:
            continue
        core0 = _strip(ent)
        if tuple(t.lower_ for t in core0) in nickname_words and not _first_name_and_surname(core0):
            continue
        if (ent.label_ in ("ORG", "GPE", "FAC", "NORP") and len(core0) >= 2 and core0[0].lower_ in HONORIFICS
                and all(t.pos_ == "PROPN" or t.lower_ in HONORIFICS for t in core0)
                and not any(t.lower_ in ORG_NOUNS or t.lower_ in ORG_NAME_WORDS for t in core0)):
            label = "PERSON"  # "Ms Adeyemi" typed as a body: an honorific makes a person
        elif (ent.label_ in ("ORG", "GPE", "FAC", "NORP", "PRODUCT", "WORK_OF_ART") and len(core0)
                and core0[-1].lower_ in spoken_keys and all(t.pos_ == "PROPN" or t.text == "-" for t in core0)
                and ent.label_ != "GPE" and not any(t.lower_ in ORG_NOUNS for t in core0)):
            label = "PERSON"
        elif ent.label_ in ("ORG", "GPE", "FAC", "NORP", "PRODUCT", "WORK_OF_ART", "LOC") and (
                _first_name_and_surname(core0) or _first_name_and_surname(_titles_off(core0))
                or (_after_last_title(core0) is not None and not any(t.lower_ in ORG_NOUNS for t in core0))):
            # "Karin Holt" typed as an organisation: a listed first name and a surname, after any
            # titles ("Councillor Brenda Faulkes")
            label = "PERSON"
        elif ent.label_ in PERSON_LABELS + ("PRODUCT", "WORK_OF_ART", "FAC") and len(core0) >= 2 and _org_name(core0):
            label = "ORG"  # "Valdrin Motors", "Harbour Books" typed as a person, "Dunmere Cables" as a work
        else:
            label = ent.label_
        if (label in PERSON_LABELS and len(ent) == 1 and first_name_gender(ent[0].text) and ent.end < len(doc)
                and doc[ent.end].pos_ == "PROPN" and doc[ent.end].text[:1].isupper() and doc[ent.end].is_alpha
                and not doc[ent.end].ent_type_ and ent[0].whitespace_):
            ent = Span(doc, ent.start, ent.end + 1, label=ent.label_)  # "Tomas" + "Achterby", left untagged
        elif (label in PERSON_LABELS and len(ent) == 1 and ent.start > 0 and doc[ent.start - 1].pos_ == "PROPN"
              and doc[ent.start - 1].is_alpha and doc[ent.start - 1].text[:1].isupper()
              and not doc[ent.start - 1].ent_type_ and doc[ent.start - 1].whitespace_
              and doc[ent.start - 1].lower_ not in TITLE_WORDS and not _written_lower(doc, doc[ent.start - 1])
              and (not doc[ent.start - 1].is_sent_start or first_name_gender(doc[ent.start - 1].text))):
            ent = Span(doc, ent.start - 1, ent.end, label=ent.label_)  # untagged "Dorota" + "Venn"
        if label in PERSON_LABELS:
            inner = next((t.i for t in ent[1:-1] if t.lower_ in POSSESSIVE and doc[t.i + 1].text.islower()), None)
            if inner is not None:
                ent = Span(doc, ent.start, inner, label=ent.label_)  # "Rourke’s van": the name is Rourke
            core = _name_core(ent)
            if label != ent.label_:
                # retyped: a headline's "Cyclist Wierzbicki": a word the text writes in lower case is no name
                while len(core) > 1 and _written_lower(doc, core[0]):
                    core = core[1:]
                core = Span(doc, core.start, core.end, label="SPOKEN")
            if not any(t.text[:1].isupper() for t in core):
                continue  # "electric van sales": no name
            if len(core) == 1 and _names_a_thing(core[0]):
                continue  # "the Skarra ferry", "the new Skarra bridge": a place's or a thing's name
            if len(core) >= 2 and core[-1].lower_ in STREET_NOUNS:
                continue  # "Alder Lane": an address
            key = _person_key(core)
            persons.setdefault(key, Entity("person")).mentions.append(core)
        elif label in ("ORG", "FAC", "NORP", "GPE", "PRODUCT", "EVENT", "WORK_OF_ART"):
            core = _strip(ent)
            while len(core) > 1 and (core[-1].like_num or core[-1].text in ("-", "–")):
                core = core[:-1]  # "Haverleigh Town 2-1": the score is no part of the name
            start = core.start
            while (start > 0 and core.start - start < 2 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_alpha
                   and doc[start - 1].text[:1].isupper() and not doc[start - 1].ent_type_
                   and doc[start - 1].lower_ not in TITLE_WORDS and doc[start - 1].whitespace_
                   and len(core) >= 2 and core[-1].lower_ in ORG_NOUNS | ORG_NAME_WORDS):
                start -= 1  # "Lenn" + "Valley District Council": a first word the NER left out
            core = doc[start : core.end]
            if not len(core) or not any(t.is_alpha for t in core) or _dateline(core):
                continue
            if not any(t.text[:1].isupper() for t in core):
                continue  # "the council's committee" typed as a body: a description, no name
            if ent.label_ == "NORP" and len(core) == 1:
                continue  # "Israeli": an adjective, not a speaker
            # "the United Metalworkers union": the name is the capitalised part
            if (len(core) > 1 and core[-1].text.islower() and core[-1].lower_ in ORG_NOUNS
                    and all(t.text[:1].isupper() for t in core[:-1])):
                core = core[:-1]
            words = [t.lower_ for t in core]
            for o in orgs:
                # Compared with the group's longest mention, so that a short name shared by two
                # bodies ("Brackenford") does not merge "Friends of Brackenford Lido" with
                # "Brackenford Borough Council".
                longest = [t.lower_ for t in max(o.mentions, key=len)]
                # ... and a body named after another's possessive is another body: "Harwick Rovers
                # Supporters’ Trust" is not "Harwick Rovers"
                owned = len(longest) != len(words) and any(
                    w in POSSESSIVE or w in ("’", "'") for w in (longest if len(longest) > len(words) else words))
                if o.mentions[0].label_ == label and not owned and (_contains(longest, words) or _contains(words, longest)):
                    o.mentions.append(Span(doc, core.start, core.end, label=label))
                    break
            else:
                orgs.append(Entity("org", [Span(doc, core.start, core.end, label=label)]))
    # A person's possessive the NER ran into a body's name ("Berg's Farmers Alliance") owns the
    # body: the body's name is what follows, and the surname is the person's again.
    for o in orgs:
        for k, m in enumerate(o.mentions):
            cut = next((t.i for t in m[1:-1] if t.lower_ in POSSESSIVE and doc[t.i - 1].lower_ in persons), None)
            if cut is not None:
                o.mentions[k] = Span(doc, cut + 1, m.end, label=m.label_)
        # ... and what follows a possessive in lower case is no name at all ("Halloran’s party")
        o.mentions = [m for m in o.mentions if any(t.text[:1].isupper() for t in m)]
    orgs = [o for o in orgs if o.mentions]
    # Speaker names the NER missed altogether.
    tagged = {t.i for e in persons.values() for m in e.mentions for t in m}
    for n in spoken:
        key = _person_key(n)
        if key in spoken_keys and not any(t.i in tagged for t in n) and not any(
                t.ent_type_ and t.ent_type_ not in ("PERSON", "ORG") for t in n):
            if key in persons or len(n) >= 2:
                persons.setdefault(key, Entity("person")).mentions.append(
                    Span(doc, n.start, n.end, label="SPOKEN"))
                tagged.update(t.i for t in n)
    # A surname the NER missed or typed otherwise still belongs to the person ("Netanyahu's").
    by_word = token_positions(doc)  # one pass over the doc, not one per person
    # A person's surname that the NER typed as a body ("Vasquez-Lind, 61, grew up" after "Teodora
    # Vasquez-Lind") is the person.
    surnames = {tuple(t.lower_ for t in m[1:]): key for key, e in persons.items() for m in e.mentions if len(m) >= 2}
    for o in orgs:
        for m in list(o.mentions):
            key = surnames.get(tuple(t.lower_ for t in m))
            if key is not None:
                o.mentions.remove(m)
                persons[key].mentions.append(Span(doc, m.start, m.end, label="PERSON"))
    orgs = [o for o in orgs if o.mentions]
    # ... but not a word of an organisation's longer name: "Lido" in "Dunmere Lido Swimming Club"
    # is no mention of "Victoria Lido"
    org_words = {t.i for o in orgs for m in o.mentions if len(m) > 1 for t in m}
    # ... nor of another person's: "Varga" in "Ines Varga-Holt" is no mention of "Magda Varga"
    owned = {t.i: key for key, e in persons.items() for m in e.mentions if len(m) > 1 for t in m}
    for key, e in persons.items():
        known = {(m.start, m.end) for m in e.mentions}
        surname = _hyphenated(max(e.mentions, key=len)[-1])
        for i in by_word.get(key, ()):
            t = doc[i]
            if (t.pos_ == "PROPN" and i not in org_words and owned.get(i, key) == key
                    and _hyphenated(t) == surname and not _names_a_thing(t)
                    and not any(s <= t.i < en for s, en in known)):
                # with the first name the NER left untagged before it ("Doreen Halloway learned")
                first = doc[i - 1] if i > 0 else None
                if (first is not None and first.pos_ == "PROPN" and first.is_alpha
                        and first.text[:1].isupper() and first.whitespace_ and not first.ent_type_
                        and first.lower_ not in TITLE_WORDS and first.lower_ not in HONORIFICS
                        and first.i not in org_words and first.i not in owned
                        and not _written_lower(doc, first) and "\n" in doc.text[: first.idx]):
                    e.mentions.append(doc[i - 1 : i + 1])
                else:
                    e.mentions.append(doc[t.i : t.i + 1])
        e.mentions.sort(key=lambda m: m.start)
    # A first name alone that begins one person's full name ("Teodora talks to the boat" after
    # "Teodora Vasquez-Lind") is that person.
    firsts: Dict[str, List[str]] = defaultdict(list)
    for key, e in persons.items():
        if any(len(m) >= 2 and m[0].lower_ not in TITLE_WORDS for m in e.mentions):
            full = max(e.mentions, key=len)
            firsts[full[0].lower_].append(key)
    for key, e in list(persons.items()):
        owners = firsts.get(key, [])
        if all(len(m) == 1 for m in e.mentions) and len(owners) == 1 and owners[0] != key:
            persons[owners[0]].mentions.extend(e.mentions)
            persons[owners[0]].mentions.sort(key=lambda m: m.start)
            del persons[key]
    # A one-word "person" that the NER elsewhere calls a place or an organisation is not a person.
    # Its own mentions are those the NER did not also type as the body: the surname search above
    # adds every "Greyford", the two the NER calls a town too.
    other = Counter(o_m.text.lower() for o in orgs for o_m in o.mentions)
    in_bodies = {t.i for o in orgs for o_m in o.mentions for t in o_m}
    persons = {k: e for k, e in persons.items()
               if any(len(m) > 1 for m in e.mentions)
               or other[k] <= sum(m.start not in in_bodies for m in e.mentions)}
    # An organisation that speaks under a name the NER missed ("The Port of Skeld Authority said").
    in_orgs = {t.i for o in orgs for m in o.mentions for t in m}
    for sp in speakers:
        if speaker_kind(sp.text) == "pronoun":
            continue
        head = _strip(sp)
        for t in head:
            if t.text == ",":
                head = _strip(doc[head.start : t.i])
                break
        # a capitalised name ending in an organisation noun
        if (len(head) and (head[-1].lower_ in ORG_NOUNS or (len(head) >= 2 and _org_name(head)))
                and head[0].text[:1].isupper()
                and head[-1].text[:1].isupper() and head[0].pos_ == "PROPN"
                and not all(t.i in in_orgs for t in head)
                and not any(t.i in tagged for t in head)):
            words = [t.lower_ for t in head]
            for o in orgs:
                if any(_contains([t.lower_ for t in m], words) for m in o.mentions):
                    o.mentions.append(Span(doc, head.start, head.end, label="ORG"))
                    break
            else:
                orgs.append(Entity("org", [Span(doc, head.start, head.end, label="ORG")]))
            in_orgs.update(t.i for t in head)
    # A one-word "person" that starts an organisation's name is its short name ("Valdrin's chief
    # executive" after "Valdrin Motors"): mentions of the organisation.
    for k, e in list(persons.items()):
        if any(len(m) > 1 for m in e.mentions):
            continue
        owner = next((o for o in orgs if o.mentions[0].label_ == "ORG" and any(
            len(m) > 1 and m[0].lower_ == k and m[0].text[:1].isupper() for m in o.mentions)), None)
        if owner is not None:
            taken = {t.i for m in owner.mentions for t in m}
            owner.mentions.extend(Span(doc, m.start, m.end, label="ORG") for m in e.mentions
                                  if m.start not in taken)
            del persons[k]
    for o in orgs:
        o.mentions.sort(key=lambda m: m.start)
    # Names the NER missed or typed as something else, where the text shows they are people.
    taken = {t.i for e in persons.values() for m in e.mentions for t in m}
    for chain in _person_chains(doc, taken):
        if tuple(t.lower_ for t in chain) in nickname_words:
            continue  # a title's words: “Low Tide, High Water”
        key = _person_key(chain)
        persons.setdefault(key, Entity("person")).mentions.append(chain)
        for o in orgs:
            o.mentions = [m for m in o.mentions if not (m.start < chain.end and chain.start < m.end)]
        orgs = [o for o in orgs if o.mentions]
        for i in by_word.get(key, ()):
            known = {t.i for m in persons[key].mentions for t in m}
            if doc[i].pos_ == "PROPN" and i not in known:
                persons[key].mentions.append(doc[i : i + 1])
        persons[key].mentions.sort(key=lambda m: m.start)
    people = [part for e in persons.values() for part in _split_family(e)]
    entities = people + orgs + _groups(doc, people)
    subjects = sorted((mm.start, mm.end) for p in people for mm in p.mentions if _is_subject(mm))
    # Speaker pronouns vote too ("Interior Minister Dalia Ferhat told reporters ... She said"): they
    # decide only a person whose gender nothing else shows (no title, listed first name or
    # gendered noun), and then they are the best evidence there is.
    sites = _pronoun_sites(doc, subjects)
    for e in entities:
        e.fullest = e.mentions[0] if e.kind == "group" else _fullest(e, by_word)
        e.words = _describing_words(doc, e)
        if e.kind == "person":
            e.gender = _gender(doc, e, sites)
    entities.sort(key=lambda e: e.mentions[0].start)
    return entities


def _person_chains(doc: Doc, taken: Set[int]) -> List[Span]:
    """Names of people the NER missed or typed as something else: runs of two or three capitalised
    proper nouns (no word of a body, a place or a title, none the text writes in lower case) that
    the text treats as a person: an age after the name ("Xochitl Huanca, 52,"), "who" after it
    ("Anneliese Varga, who heads the review"), a listed first name on a run the NER left untyped
    ("Tomasz Wrobel"), or a run that is a subject followed by "he" or "she" (or "his", "her")
    before anybody else is named, in its sentence or the next.

    doc (Doc): the document.
    taken (Set[int]): indices of tokens already in a person's mention.
    RETURNS (List[Span]): the runs, in text order.
    """
    chains = []
    i = 0
    while i < len(doc):
        j = i
        while (j < len(doc) and j - i < 3 and doc[j].pos_ == "PROPN" and doc[j].is_alpha
               and doc[j].text[:1].isupper() and not doc[j].text.isupper() and j not in taken
               and doc[j].lower_ not in TITLE_WORDS and doc[j].lower_ not in ORG_NOUNS
               and doc[j].lower_ not in ORG_NAME_WORDS and doc[j].lower_ not in PLACE_NOUNS
               and not _written_lower(doc, doc[j])):
            j += 1
        if j - i < 2 or (j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper()):
            i = max(j, i + 1)
            continue
        span = doc[i:j]
        types = {t.ent_type_ for t in span}
        if types & {"PERSON", "DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL", "PERCENT", "QUANTITY"}:
            i = j
            continue
        after = doc[j : j + 2]
        evidence = (len(after) == 2 and after[0].text == "," and (
            after[1].like_num or after[1].lower_ == "who"))
        evidence = evidence or (not types - {""} and _given_name(span) is not None)
        evidence = evidence or (_is_subject(span) and _pronoun_follows(doc, span))
        if evidence:
            chains.append(span)
        i = j
    return chains


def _pronoun_follows(doc: Doc, span: Span) -> bool:
    """Whether "he", "she", "his" or "her" follows a mention, in its sentence or the next, before
    any other person is named."""
    sent = span.sent
    end = sent.end if sent.end >= len(doc) else doc[sent.end].sent.end
    for t in doc[span.end : end]:
        if t.ent_type_ == "PERSON":
            return False
        if t.lower_ in MASC or t.lower_ in FEM:
            return True
    return False


def _groups(doc: Doc, people: Sequence[Entity] = ()) -> List[Entity]:
    """Two people named together with one surname ("Bram and Ineke Verhoeven", "Mr and Mrs Hale",
    "the twins Chidi and Emeka Okoro"), or with two full names of which one is a person's ("Iker
    Lasa and Paulo Mendes"): each a group entity whose fullest mention is the whole phrase, for
    "they", "the couple" and "the brothers"."""
    groups = []
    full_names = {(m.start, m.end) for e in people for m in e.mentions if len(m) >= 2}
    for i in numpy.flatnonzero(token_flags(doc, lambda text: text.lower() == "and")).tolist():
        t = doc[i]
        if t.i == 0 or t.i + 2 >= len(doc):
            continue
        pair = _two_full_names(doc, t.i, full_names)
        if pair is not None:
            groups.append(Entity("group", [pair]))
            continue
        first, second = doc[t.i - 1], doc[t.i + 1]
        if not (first.text[:1].isupper() and second.text[:1].isupper()):
            continue
        honorifics = first.lower_ in HONORIFICS and second.lower_ in HONORIFICS
        given = first.pos_ == "PROPN" and second.pos_ == "PROPN" and first.lower_ not in TITLE_WORDS \
            and (first_name_gender(first.text) is not None or first_name_gender(second.text) is not None)
        if not (honorifics or given):
            continue
        end = t.i + 2
        while end < len(doc) and end - t.i <= 3 and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper():
            end += 1
        surname = doc[end - 1]
        # the NER's place types only count against honorifics: a listed first name outweighs them
        if end == t.i + 2 or surname.lower_ in ORG_NOUNS or surname.lower_ in ORG_NAME_WORDS \
                or surname.lower_ in PLACE_NOUNS or surname.ent_type_ == "DATE" \
                or (not given and surname.ent_type_ in ("GPE", "LOC", "FAC")):
            continue
        groups.append(Entity("group", [doc[t.i - 1 : end]]))
    return groups


def _two_full_names(doc: Doc, i: int, full_names: Set[Tuple[int, int]]) -> Optional[Span]:
    """"Iker Lasa and Paulo Mendes" around the "and" at token i: two runs of two or three
    capitalised proper nouns (no title or body word), one of them a person's full name."""

    def run(start: int, step: int) -> Tuple[int, int]:
        j = start
        while (0 <= j < len(doc) and abs(j - start) < 3 and doc[j].pos_ == "PROPN" and doc[j].is_alpha
               and doc[j].text[:1].isupper() and doc[j].lower_ not in TITLE_WORDS
               and doc[j].lower_ not in ORG_NOUNS and doc[j].lower_ not in ORG_NAME_WORDS):
            j += step
        return (j + 1, start + 1) if step < 0 else (start, j)

    left, right = run(i - 1, -1), run(i + 1, 1)
    if left[1] - left[0] < 2 or right[1] - right[0] < 2:
        return None
    if left[0] > 0 and doc[left[0] - 1].pos_ == "PROPN" and doc[left[0] - 1].text[:1].isupper():
        return None  # a longer name: "Marks and Spencer Group"-like runs are no pair of people
    if left not in full_names and right not in full_names:
        return None
    return doc[left[0] : right[1]]


def _joined_ents(doc: Doc) -> List[Span]:
    """The doc's entities, with a body's name the NER cut at "and" joined again ("Allied Print and"
    + "Packaging Union" is "Allied Print and Packaging Union")."""
    ents = list(doc.ents)
    out: List[Span] = []
    k = 0
    while k < len(ents):
        a = ents[k]
        b = ents[k + 1] if k + 1 < len(ents) else None
        if (b is not None and a.label_ == "ORG" and b.label_ == "ORG"
                and ((a[-1].lower_ in ("and", "&") and b.start == a.end)
                     or (b.start == a.end + 1 and doc[a.end].lower_ in ("and", "&")))
                and b[-1].lower_ in ORG_NOUNS | ORG_NAME_WORDS):
            out.append(Span(doc, a.start, b.end, label="ORG"))
            k += 2
            continue
        out.append(a)
        k += 1
    return out


def _dateline(span: Span) -> bool:
    """A wire dateline: a place in capitals that opens a line, before a dash or a comma ("ADELHAVEN
    —", "ADELHAVEN, June 3")."""
    doc = span.doc
    opens_line = span.start == 0 or "\n" in doc[span.start - 1].text or "\n" in doc[span.start - 1].whitespace_
    return (opens_line and span.end < len(doc) and doc[span.end].text in ("—", "–", "-", "--", "(", ",")
            and all(t.text.isupper() for t in span if t.is_alpha))


def _first_name_and_surname(span: Span) -> bool:
    """Two or three capitalised proper nouns, the first a first name in `quotes.names`, and no word
    that names a body or a place ("Karin Holt", not "Victoria Station" or "Grace Church")."""
    return (2 <= len(span) <= 3 and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in span)
            and _given_name(span) is not None
            and not any(t.lower_ in ORG_NOUNS or t.lower_ in ORG_NAME_WORDS or t.lower_ in PLACE_NOUNS
                        for t in span))


def _org_name(span: Span) -> bool:
    """A name that ends in a capitalised word of company or club names ("Valdrin Motors", "Harbour
    Books", "Linfield Athletic") names an organisation, not a person; so does one that ends in the
    plural of a noun the text writes in lower case, after a word that is no first name ("Dunmere
    Cables", the "cable maker"; not "Tyra Banks")."""
    last = span[-1]
    if not last.text[:1].isupper():
        return False
    if last.lower_ in ORG_NAME_WORDS or last.lower_ in ORG_NOUNS:
        return True
    return (len(span) >= 2 and len(last) >= 5 and last.lower_.endswith("s") and not last.lower_.endswith("ss")
            and _given_name(span) is None and not first_name_gender(span[0].text)
            and _lower_word(span.doc, last.lower_[:-1]))


def _titles_off(span: Span) -> Span:
    """A name without the title words that open it ("Councillor Brenda Faulkes" -> "Brenda Faulkes")."""
    start = span.start
    while start < span.end - 1 and span.doc[start].lower_ in TITLE_WORDS:
        start += 1
    return span.doc[start : span.end]


def _split_family(e: Entity) -> List[Entity]:
    """A surname group with two first names is two people ("Tom Lake" and his sister "Ann Lake"):
    one entity per first name. A surname after a gendered honorific ("Mrs Lake") goes to the one
    of them whose first name's gender agrees, or the one whose gender does not contradict it;
    every other mention goes to the one named first: the person the story is about, whose
    relatives it names once ("Renata Solvik ... her father, Arne Solvik ... Solvik says")."""
    doc = e.mentions[0].doc if e.mentions else None
    firsts: Dict[str, Entity] = {}
    for m in e.mentions:
        if _first_word(m) is not None:
            firsts.setdefault(_first_word(m), Entity("person"))
    if len(firsts) < 2:
        return [e]
    genders = {k: first_name_gender(k) for k in firsts}
    for m in e.mentions:
        first = _first_word(m)
        if first is not None:
            firsts[first].mentions.append(m)
            continue
        owner = next(iter(firsts.values()))
        before = doc[m.start - 1].lower_ if doc is not None and m.start > 0 else ""
        said = "f" if before in FEMALE_WORDS else "m" if before in MALE_WORDS else None
        if len(m) == 1 and before in HONORIFICS and said is not None:
            agree = [k for k, g in genders.items() if g == said]
            open_ = [k for k, g in genders.items() if g in (said, None)]
            # the one whose gender agrees, else the one it may be, else the first named of them
            pick = agree if len(agree) == 1 else open_ if len(open_) == 1 else agree or open_
            if pick:
                owner = firsts[pick[0]]
        owner.mentions.append(m)
    return list(firsts.values())


def _first_word(m: Span) -> Optional[str]:
    """The first name a mention of two or more words starts with: a listed first name
    (`_given_name`), or any capitalised word of its own that is no title and that the text never
    writes in lower case ("Doreen Halloway"; not "Adebayo" of "Adebayo-Kerr"), outside a headline
    (whose capitals say nothing: "Cyclist Wierzbicki banned")."""
    given = _given_name(m)
    if given is not None:
        return given
    w = m[0] if len(m) >= 2 else None
    if (w is not None and w.is_alpha and "\n" in m.doc.text[: w.idx] and w.text[:1].isupper() and w.whitespace_
            and w.lower_ not in TITLE_WORDS and w.lower_ not in HONORIFICS
            and not _written_lower(m.doc, w)):
        return w.lower_
    return None


def _contains(words: List[str], part: List[str]) -> bool:
    n = len(part)
    return n > 0 and any(words[i : i + n] == part for i in range(len(words) - n + 1))


def _fullest(e: Entity, by_word: Optional[Dict[str, List[int]]] = None) -> Span:
    # Equal lengths: a mention the NER tagged as a person before one only the speakers vouch for.
    best = max(e.mentions, key=lambda m: (len(m), m.label_ != "SPOKEN", -m.start))
    doc = best.doc
    if e.kind == "person":
        # The NER can miss the fullest form ("Winston Parfitt" untagged, "Parfitt" tagged): take the
        # longest run of proper nouns ending in the surname, titles left out.
        key = _person_key(best)
        positions = by_word.get(key, ()) if by_word is not None else [t.i for t in doc if t.lower_ == key]
        for i in positions:
            t = doc[i]
            if not t.text[:1].isupper():
                continue
            start = t.i
            while t.i - start < 4:
                if (start > 1 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_
                        and not doc[start - 2].whitespace_ and doc[start - 2].text[:1].isupper()):
                    start -= 2  # a hyphenated first name: "Jean-Baptiste Morvan"
                elif (start > 0 and (doc[start - 1].pos_ == "PROPN" or _first_name_word(doc[start - 1]))
                      and doc[start - 1].text[:1].isupper()
                      and doc[start - 1].lower_ not in TITLE_WORDS and not _written_lower(doc, doc[start - 1])
                      and not _role_before_name(doc[start - 1])):
                    start -= 1
                else:
                    break
            # a longer run with another first name is somebody else of the family
            family = _given_name(best) is not None and doc[start].lower_ != best[0].lower_
            if t.i + 1 - start > len(best) and not family:
                best = doc[start : t.i + 1]
    if e.kind == "person" and len(best) == 1 and best.start > 0:
        prev = doc[best.start - 1]
        if prev.lower_ in HONORIFICS:
            return doc[best.start - 1 : best.end]  # "Mrs Pengelly": the fullest form the text has
    return best


def _describing_words(doc: Doc, e: Entity) -> Set[str]:
    """Titles before a mention, appositives, predicates, and an organisation's own name words."""
    words: Set[str] = set()
    relative: Set[str] = set()

    def add(tokens: Iterable[Token], words: Set[str] = words) -> None:
        for t in tokens:
            if t.is_punct or t.is_stop:
                continue
            if (t.ent_type_ == "PERSON" and e.kind == "person" and t.lower_ not in TITLE_WORDS
                    and not _written_lower(doc, t)):
                continue  # a name, not a word that describes the person
            words.add(t.lower_)
            words.add(t.lemma_.lower())
            if t.lower_ in TITLE_ABBREVIATIONS:
                words.add(TITLE_ABBREVIATIONS[t.lower_])
            for part in t.lower_.replace("’", "-").replace("'", "-").split("-"):
                if part:
                    words.add(part)

    for m in e.mentions:
        if e.kind == "org":
            add(m)
            # the common noun after the name: "the United Metalworkers union"
            if m.end < len(doc) and doc[m.end].text.islower() and doc[m.end].lower_ in ORG_NOUNS:
                add([doc[m.end]])
        # Titles and modifiers right before the name, up to punctuation, a verb or a determiner.
        i = m.start - 1
        before = []
        while i >= 0 and m.start - i <= 6:
            t = doc[i]
            # a possessive ends the titles: "the company's Black Ridge mine" is not a company
            if t.is_punct or t.pos_ in ("VERB", "AUX", "ADP", "CCONJ", "SCONJ", "PRON", "DET") or t.is_sent_start and t.is_space or t.lower_ in POSSESSIVE:
                break
            before.append(t)
            i -= 1
        add(before)
        # A role before the name and a comma: "Moorcroft’s barrister, Oliver Strand," (which the
        # parse may not hang together)
        if (e.kind == "person" and m.start >= 2 and doc[m.start - 1].text == "," and doc[m.start - 2].tag_ == "NN"
                and doc[m.start - 2].text.islower() and _person_noun(doc[m.start - 2])):
            add([doc[m.start - 2]])
        root = m.root
        # Appositives either way: "Jane Ortiz, a spokeswoman for ..." / "the council's leader, Sam Oduya".
        # A possessor in the appositive is somebody else: "the union's general secretary" is a
        # secretary, not a union.
        for c in root.children:
            if c.dep_ == "appos" and not (m.start <= c.i < m.end):
                add(x for x in _without_possessors(c.subtree) if x.dep_ not in ("relcl",))
        if root.dep_ == "appos" and not (m.start <= root.head.i < m.end):
            add(x for x in _without_possessors(root.head.subtree) if not (m.start <= x.i < m.end))
        # Age before the name: "19-year-old Jonah Whitlock" -> "19".
        if m.start >= 5 and doc[m.start - 1].lower_ == "old" and doc[m.start - 3].lower_ in ("year", "years") \
                and doc[m.start - 5].text.isdigit():
            words.update((doc[m.start - 5].text, "year", "old"))
            e.ages.add(doc[m.start - 5].text)
        # Age after the name: "Lena Voskuijl, 33," -> "33".
        if m.end + 1 < len(doc) and doc[m.end].text == "," and doc[m.end + 1].like_num:
            words.add(doc[m.end + 1].lower_)
            if doc[m.end + 1].text.isdigit():
                e.ages.add(doc[m.end + 1].text)
        # The body a person is said to own leads it: "Corran's Agrarian Centre" ... "the Agrarian leader"
        if (e.kind == "person" and root.dep_ == "poss" and root.head.i >= m.end and root.head.pos_ == "PROPN"
                and root.head.ent_type_ != "PERSON" and root.head.text[:1].isupper()):
            add(t for t in root.head.subtree if t.i >= m.end and t.i <= root.head.i and t.text[:1].isupper())
        # A side between commas: "Nadia Ferreira-Holm, prosecuting,", "Aled Brannock, for the defence,"
        if m.end + 2 < len(doc) and doc[m.end].text == ",":
            side = next((doc[m.end + 1 : j] for j in range(m.end + 2, min(m.end + 6, len(doc)))
                         if doc[j].text == ","), None)
            if side is not None and (side[0].lower_ == "for" or (len(side) == 1 and side[0].tag_ == "VBG")):
                # the roles only: "the prosecution" and "the defence" are the sides, nobody's name
                words.update(r for t in side for r in SIDE_ROLES.get(t.lower_, ()))
        # "Dr Varga married Pavel Roan": he is her husband
        if e.kind == "person" and root.dep_ == "dobj" and root.head.lemma_.lower() == "marry":
            words.update(("husband", "wife", "spouse", "partner"))
        # Predicates: "Aird is the chief executive", "Eng was elected president", "became coach",
        # "served as mayor"; "Mortimer, who taught science, ...".
        if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_ in PREDICATE_VERBS:
            for c in root.head.children:
                if c.dep_ in ("attr", "acomp", "oprd", "xcomp"):
                    add(c.subtree)
                elif c.dep_ == "prep" and c.lower_ == "as":
                    add(x for x in c.subtree if x is not c)
        for c in root.children:
            if c.dep_ == "relcl":
                add(c.subtree, relative)
        if e.kind == "person":
            # "who leads the party": its leader; "who led the trial": its lead author
            around = list(root.subtree) + [x for c in root.children if c.dep_ == "appos" for x in c.subtree]
            if root.dep_ == "appos":
                around += list(root.head.subtree)
            for v in around:
                if v.dep_ == "relcl" and v.lemma_.lower() in VERB_ROLES:
                    words.update(VERB_ROLES[v.lemma_.lower()])
                    if v.lemma_.lower() == "lead" and any(o.dep_ == "dobj" and o.lemma_.lower() in RESEARCH_NOUNS
                                                          for o in v.children):
                        words.update(("author", "researcher", "investigator"))
    for w in ("prosecuting", "defending", "representing"):
        if w in words:
            words |= SIDE_ROLES[w]
    if {"district", "attorney"} <= words or {"crown", "prosecution"} <= words:
        words.add("prosecutor")  # "Assistant District Attorney Renata Okoye" prosecutes
    # "Callum Frost, whose daughter is in Year 9": a relative clause's nouns are other people, so
    # they describe the person but say nothing of their gender.
    e.gender_words = set(words)
    return words | relative


def _without_possessors(tokens: Iterable[Token]) -> List[Token]:
    """The tokens less any possessor phrase among them ("the union's" of "the union's general
    secretary")."""
    tokens = list(tokens)
    owned = {y.i for x in tokens if x.dep_ == "poss" for y in x.subtree}
    return [t for t in tokens if t.i not in owned and t.lower_ not in POSSESSIVE]


def _pronoun_sites(doc: Doc, subjects: List[Tuple[int, int]]) -> List[Tuple[str, Tuple[int, int]]]:
    """Each gendered pronoun with the person mention it most likely refers to: the last person
    named as a subject before it in its sentence or the sentence before. Computed once per doc."""
    sites = []
    sentence = sentence_numbers(doc)
    bounds = sentence_bounds(doc, sentence)
    gendered = token_flags(doc, lambda text: text.lower() in MASC or text.lower() in FEM)
    for i in numpy.flatnonzero(gendered).tolist():
        k = int(sentence[i])
        prev_start, end = bounds[max(k - 1, 0)][0], bounds[k][1]
        before = [sp for sp in subjects if prev_start <= sp[0] < end and sp[1] <= i]
        if before:
            sites.append(("m" if doc[i].lower_ in MASC else "f", before[-1]))
    return sites


def _gender(doc: Doc, e: Entity, sites: List[Tuple[str, Tuple[int, int]]]) -> Optional[str]:
    """"m", "f" or None, from the strongest evidence there is: an honorific or gendered title right
    before a mention ("Mrs Park", "Congresswoman Ortiz"), else a first name listed under one gender
    ("Karin Holt"), else gendered nouns describing the person ("Jane Ortiz, a spokeswoman"), else
    the pronouns that follow their mentions before anyone else is named."""
    before = {doc[m.start - 1].lower_ for m in e.mentions if m.start > 0}
    gender = _words_gender(before) or _first_name_gender(e) or _words_gender(e.gender_words)
    if gender is not None:
        return gender
    # A gendered pronoun votes for the person it most likely refers to.
    mine = {(mm.start, mm.end) for mm in e.mentions}
    votes = Counter(g for g, subject in sites if subject in mine)
    if votes["m"] != votes["f"]:
        return "m" if votes["m"] > votes["f"] else "f"
    # Last, the census lists, whose names are US-centred and given by a ratio: weaker than what
    # the text itself says ("Dani Kellerman ... he")
    return _first_name_gender(e, census=True)


def _words_gender(words: Set[str]) -> Optional[str]:
    """"f" or "m" where the words hold more female than male words ("mrs", "spokeswoman") or the
    other way round, else None."""
    f, m = len(words & FEMALE_WORDS), len(words & MALE_WORDS)
    if f == m:
        return None
    return "f" if f > m else "m"


def _given_name(m: Span) -> Optional[str]:
    """The first word of a name of two or more words when it is a first name in `quotes.names` and
    a word of its own ("Ruth Adebayo-Kerr" -> "ruth"; not the "Adebayo" of "Adebayo-Kerr")."""
    if len(m) >= 2 and m[0].text[:1].isupper() and m[0].whitespace_ and first_name_gender(m[0].text):
        return m[0].lower_
    return None


def _first_name_gender(e: Entity, census: bool = False) -> Optional[str]:
    """The gender of the person's first name, from their first mention that starts with one (in
    the package's own list, or with `census` in the census lists too)."""
    for m in e.mentions:
        if _given_name(m) is not None:
            return first_name_gender(m[0].text, census=census)
    return None


def _named_entity_in(span: Span, entities: List[Entity]) -> Optional[Entity]:
    """The entity a name speaker (or a description with a name in it) names, if any.

    Only a name in the speaker's head phrase or an appositive to it counts: "a spokesman for
    Orecrest Minerals" is not Orecrest Minerals.
    """
    core = _name_core(span.doc[span.start : span.end])
    head_phrase_end = core.end
    for t in core:
        if t.text == ",":
            head_phrase_end = t.i
            break
    head_phrase = span.doc[core.start : head_phrase_end] if head_phrase_end > core.start else core
    root = span.root
    clauses = _clause_tokens(root)
    # Interview initials ("WP: ...")
    if len(head_phrase) == 1 and head_phrase.text.isupper() and 2 <= len(head_phrase.text) <= 4:
        for e in entities:
            if e.kind == "person" and len(e.fullest) >= 2:
                initials = "".join(t.text[0] for t in _name_core(e.fullest) if t.text[:1].isalpha())
                if initials.upper() == head_phrase.text:
                    return e
    is_name = speaker_kind(span.text) == "name"
    words = [t for t in head_phrase if t.text[:1].isupper() and t.lower_ not in TITLE_WORDS
             and t.lower_ not in POSSESSIVE]
    if is_name and words:
        key = words[-1].lower_
        same = [e for e in entities if e.kind == "person" and _person_key(e.fullest) == key]
        # of a family ("Mr Halloway" and "Mrs Halloway"), the one this name is a mention of
        for e in same:
            if any(m.start <= words[-1].i < m.end for m in e.mentions):
                return e
        if same:
            return same[0]
    candidates: List[Tuple[int, Entity]] = []
    for e in entities:
        for m in e.mentions:
            if not (span.start <= m.start and m.end <= span.end) or m.start in clauses:
                continue  # outside the speaker, or in a relative clause: "which was bought by X"
            r = m.root
            if not is_name and r == root and not (e.kind == "org" and len(m) >= 2 and root.text[:1].isupper()):
                continue  # "the Frenchman": the description's own head, not a name (but "The
                # Friends of Ferrow Baths" is a body's name that starts with its article)
            # The head itself, or a name in apposition; never a modifier ("a Vail spokesman", "the
            # Brennan County Republican Party" are not Vail or Brennan).
            ok = r == root or r.dep_ == "appos" or (r.head == root and r.dep_ in ("appos", "flat"))
            ok = ok or (m.start < head_phrase_end and m.end <= head_phrase_end + 1 and e.kind == "person"
                        and r.dep_ not in ("pobj", "poss", "compound", "amod", "nmod"))
            if ok:
                candidates.append((0 if e.kind == "person" else 1, e))
    if candidates:
        return sorted(candidates, key=lambda x: x[0])[0][1]
    # A name the NER missed: an organisation that has its words.
    if is_name and words:
        lowered = [t.lower_ for t in _strip(head_phrase)]
        for e in entities:
            if e.kind == "org" and any(_contains([t.lower_ for t in m], lowered) for m in e.mentions):
                return e
    return None


def resolution_accuracy(nlp: Language, records: Iterable[Dict[str, Any]],
                        resolver: Optional[SpeakerResolver] = None) -> Dict[str, Any]:
    """How often the resolver names the right person, given the gold speakers.

    For every gold quote whose speaker has a gold `resolved` name, the resolver is run with the gold
    speaker spans (so resolution is measured apart from extraction); it is right when its resolved
    mention has the same name text as the gold one (`scorer.normalize_name`: case and punctuation
    aside). Also counted: speakers with no gold resolved name that the resolver resolves anyway
    (pronoun and description speakers only; names resolve to themselves by design): `spurious`
    counts them all, `guessed` only those resolved to a mention outside the speaker's own span
    (not "the chief executive, Andrew Pelham" -> "Andrew Pelham", which the text says).

    nlp (Language): a pipeline with a parser and NER (the quote components are not run).
    records (Iterable[Dict[str, Any]]): corpus records `{"id", "text", "quotes"}`.
    resolver (Optional[SpeakerResolver]): the resolver to measure (default: `quotes.resolver.v1`).
    RETURNS (Dict[str, Any]): `{"accuracy", "right", "n", "by_kind": {kind: {"accuracy", "right",
        "n"}}, "unresolvable": n, "spurious": n, "guessed": n, "errors": [{"id", "speaker", "at"
        (its character offset), "gold", "pred"}], "guesses": [{"id", "speaker", "pred"}]}`.
    """
    from .scorer import normalize_name

    resolver = resolver or make_resolver()
    skip = [name for name, _ in nlp.pipeline if name.startswith("quote")]
    right = n = unresolvable = spurious = 0
    by_kind: Dict[str, Counter] = defaultdict(Counter)
    errors: List[Dict[str, Any]] = []
    guesses: List[Dict[str, Any]] = []
    records = list(records)
    texts = [r["text"] for r in records]
    with nlp.select_pipes(disable=skip):
        docs = list(nlp.pipe(texts))
    for rec, doc in zip(records, docs):
        record_to_doc(doc, rec)
        quotes = get_quotes(doc)
        gold = [q.resolved for q in quotes]
        for q in quotes:
            q.resolved = None
        resolver(doc, quotes)
        for q, g in zip(quotes, gold):
            if q.speaker is None:
                continue
            kind = speaker_kind(q.speaker.text)
            if g is None:
                if kind in ("pronoun", "description"):
                    unresolvable += 1
                    spurious += q.resolved is not None
                    if q.resolved is not None and not (
                            q.speaker.start <= q.resolved.start and q.resolved.end <= q.speaker.end):
                        guesses.append({"id": rec.get("id"), "speaker": q.speaker.text, "pred": q.resolved.text})
                continue
            ok = q.resolved is not None and normalize_name(q.resolved.text) == normalize_name(g.text)
            n += 1
            right += ok
            by_kind[kind]["n"] += 1
            by_kind[kind]["right"] += ok
            if not ok:
                errors.append({"id": rec.get("id"), "speaker": q.speaker.text, "at": q.speaker.start_char,
                               "gold": g.text, "pred": q.resolved.text if q.resolved is not None else None})
    return {
        "accuracy": right / n if n else None,
        "right": right,
        "n": n,
        "by_kind": {k: {"accuracy": c["right"] / c["n"], "right": c["right"], "n": c["n"]}
                    for k, c in sorted(by_kind.items())},
        "unresolvable": unresolvable,
        "spurious": spurious,
        "guessed": len(guesses),
        "errors": errors,
        "guesses": guesses,
    }


def main(argv: Optional[List[str]] = None) -> None:
    """`python -m quotes.resolve CORPUS.jsonl [--errors]`: print resolution accuracy as JSON (with
    `--errors`, also the wrong resolutions and the guesses on unresolvable speakers)."""
    import spacy

    from .corpus import read_jsonl
    from .pipeline import base_pipeline_name

    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        raise SystemExit("usage: python -m quotes.resolve CORPUS.jsonl [--errors]")
    path, show_errors = argv[0], "--errors" in argv[1:]
    nlp = spacy.load(base_pipeline_name())
    records = list(read_jsonl(path))
    result = resolution_accuracy(nlp, records)
    if not show_errors:
        result.pop("errors")
        result.pop("guesses")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
