"""Who really said it: resolve pronoun, description and short-name speakers to the document's fullest
mention of the person (or organisation) they refer to.

The resolver uses what the base pipeline gives: entity types, the parse, titles before names
("Israeli Prime Minister Benjamin Netanyahu") and appositives ("Jane Ortiz, a spokeswoman"), and
gender and number agreement for pronouns. It looks only backwards (a speaker refers to someone
already named) except for a name, which takes its fullest form anywhere in the document.
"""
from typing import Dict, List, Optional, Sequence, Set

from spacy.tokens import Doc, Span
from spacy.util import registry

from .items import PRONOUNS, Quote, speaker_kind

MASC = {"he", "him", "his", "himself"}
FEM = {"she", "her", "hers", "herself"}
PLURAL = {"they", "them", "their", "themselves", "we", "us"}
FEMALE_TITLES = {"mrs", "ms", "miss", "madam", "lady", "queen", "congresswoman", "chairwoman",
                 "spokeswoman", "businesswoman", "sister", "mother", "duchess"}
MALE_TITLES = {"mr", "sir", "lord", "king", "congressman", "chairman", "spokesman", "businessman",
               "brother", "father", "duke"}
# Heads of descriptions that fit any person: they need no title match.
GENERIC_HEADS = {"leader", "official", "man", "woman", "person", "politician", "figure"}
ORG_HEADS = {"office", "ministry", "department", "spokesman", "spokeswoman", "spokesperson",
             "campaign", "team", "administration", "government", "agency", "lawyer", "lawyers",
             "attorney", "attorneys", "aides", "aide", "staff"}


@registry.misc("quotes.resolver.v1")
def make_resolver(max_distance: int = 1500) -> "SpeakerResolver":
    """Build the speaker resolver used by the quote components.

    max_distance (int): how many tokens back a pronoun or description may look for its referent.
    RETURNS (SpeakerResolver): a callable that fills `Quote.resolved` in place.
    """
    return SpeakerResolver(max_distance=max_distance)


class SpeakerResolver:
    """Fill `Quote.resolved` with the fullest mention of whom each speaker refers to."""

    def __init__(self, max_distance: int = 1500) -> None:
        self.max_distance = max_distance

    def __call__(self, doc: Doc, quotes: Sequence[Quote]) -> None:
        """Resolve the speakers of a doc's quotes in place.

        doc (Doc): a doc with entities and a parse.
        quotes (Sequence[Quote]): its quotes.
        """
        people = [e for e in doc.ents if e.label_ in ("PERSON", "ORG", "NORP", "GPE")]
        fullest = _fullest_forms(people)
        for q in sorted(quotes, key=lambda q: q.content[0].start):
            if q.speaker is None:
                continue
            q.resolved = self.resolve(doc, q.speaker, people, fullest)

    def resolve(self, doc: Doc, speaker: Span, people: List[Span],
                fullest: Dict[str, Span]) -> Optional[Span]:
        """Resolve one speaker span.

        RETURNS (Optional[Span]): the fullest mention it refers to, or None.
        """
        kind = speaker_kind(speaker.text)
        head = speaker.root
        ent = _entity_in(speaker, people)
        if ent is not None and kind == "name":
            return fullest.get(_key(ent), ent)
        window = [e for e in people if e.end <= speaker.start
                  and speaker.start - e.end <= self.max_distance]
        if kind == "pronoun":
            word = head.lower_
            if word not in MASC | FEM | PLURAL or word in PLURAL:
                return None
            for e in reversed(window):
                if e.label_ != "PERSON":
                    continue
                gender = _gender(doc, e, fullest)
                if gender is None or (gender == "m") == (word in MASC):
                    return fullest.get(_key(e), e)
            return None
        # descriptions, and possessive organisations ("his office" -> the possessor)
        poss = [t for t in speaker if t.dep_ == "poss" and t.head == head]
        if poss and head.lower_ in ORG_HEADS:
            owner = poss[0]
            if owner.lower_ in PRONOUNS | MASC | FEM:
                return self.resolve(doc, doc[owner.i : owner.i + 1], people, fullest)
            owner_ent = _entity_in(doc[owner.left_edge.i : owner.i + 1], people)
            return fullest.get(_key(owner_ent), owner_ent) if owner_ent is not None else None
        if ent is not None:
            return fullest.get(_key(ent), ent)
        if speaker[0].lower_ in ("a", "an", "one", "some", "several", "two", "three"):
            return None  # "a senior official": indefinite, nobody named
        words = {t.lower_ for t in speaker if not t.is_stop and not t.is_punct} - {head.lower_}
        best, best_score = None, 0.0
        for rank, e in enumerate(reversed(window)):
            if e.label_ != "PERSON":
                continue
            context = _title_words(doc, e, fullest)
            score = 0.0
            if head.lower_ in context:
                score += 2
            score += len(words & context)
            if head.lower_ in GENERIC_HEADS and score == 0 and words & context:
                score += 1
            if score > best_score:
                best, best_score = e, score
        if best is None:
            return None
        return fullest.get(_key(best), best)


def _key(ent: Span) -> str:
    toks = [t for t in ent if not t.is_punct and t.lower_ not in ("'s", "’s")]
    return toks[-1].lower_ if toks else ent.text.lower()


def _fullest_forms(ents: Sequence[Span]) -> Dict[str, Span]:
    """The fullest mention of each name, keyed by its last word ("trump" -> "Donald Trump")."""
    best: Dict[str, Span] = {}
    for e in ents:
        if e.label_ not in ("PERSON", "ORG"):
            continue
        k = _key(e)
        words = [t for t in e if t.lower_ not in ("'s", "’s")]
        if k not in best or len(words) > len(best[k]):
            best[k] = e[: len(words)] if len(words) < len(e) else e
    return best


def _entity_in(span: Span, ents: Sequence[Span]) -> Optional[Span]:
    for e in ents:
        if e.start >= span.start and e.end <= span.end and e.label_ in ("PERSON", "ORG"):
            return e
    return None


def _title_words(doc: Doc, ent: Span, fullest: Dict[str, Span]) -> Set[str]:
    """Words that describe a person where they are named: titles before the name and appositives,
    over every mention of that person."""
    words: Set[str] = set()
    k = _key(ent)
    for e in doc.ents:
        if e.label_ != "PERSON" or _key(e) != k:
            continue
        for t in doc[max(0, e.start - 5) : e.start]:
            if not t.is_punct:
                words.add(t.lower_)
        for t in e.root.children:
            if t.dep_ == "appos":
                words.update(x.lower_ for x in t.subtree if not x.is_punct)
        if e.root.dep_ == "appos":
            words.update(x.lower_ for x in e.root.head.subtree if not x.is_punct)
    return words


def _gender(doc: Doc, ent: Span, fullest: Dict[str, Span]) -> Optional[str]:
    words = _title_words(doc, ent, fullest)
    if words & FEMALE_TITLES:
        return "f"
    if words & MALE_TITLES:
        return "m"
    # Pronouns that follow the person's mentions as subjects are the best evidence we have.
    return None
