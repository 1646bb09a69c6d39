"""`quote_rules`: the rule-based quote component. It needs no training and works on any English
pipeline with a dependency parser; it is also the candidate generator and fallback of the trained
component."""
from typing import Any, Callable, Dict, Iterable, List, Optional

from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc
from spacy.training import Example

from .items import Quote, register_extensions, set_quotes
from .rules import Candidates, extract_quotes
from .scorer import SCORE_WEIGHTS



@Language.factory(
    "quote_rules",
    assigns=["doc.spans"],
    requires=["token.dep", "token.head", "token.lemma", "token.pos"],
    default_config={
        "candidates": {"@misc": "quotes.candidates.v1", "cue_verbs": None},
        "resolver": {"@misc": "quotes.resolver.v1"},
        "scorer": {"@scorers": "quotes.scorer.v1"},
    },
    default_score_weights=SCORE_WEIGHTS,
)
def make_quote_rules(
    nlp: Language,
    name: str,
    candidates: Callable[[Doc], Candidates],
    resolver: Optional[Callable[[Doc, List[Quote]], None]],
    scorer: Optional[Callable],
) -> "QuoteRules":
    """Create a QuoteRules component.

    candidates (Callable[[Doc], Candidates]): finds quoted passages and cues.
    resolver (Optional[Callable[[Doc, List[Quote]], None]]): fills `Quote.resolved`; None for none.
    scorer (Optional[Callable]): the scoring method.
    """
    return QuoteRules(nlp.vocab, name=name, candidates=candidates, resolver=resolver, scorer=scorer)


class QuoteRules(Pipe):
    """Find quotes, speakers and cues by rules over the parse, and store them as `Doc._.quotes`."""

    def __init__(
        self,
        vocab,
        name: str = "quote_rules",
        *,
        candidates: Callable[[Doc], Candidates],
        resolver: Optional[Callable[[Doc, List[Quote]], None]] = None,
        scorer: Optional[Callable] = None,
    ) -> None:
        """Initialize the component.

        vocab (Vocab): the shared vocabulary.
        name (str): the component's name in the pipeline.
        candidates (Callable[[Doc], Candidates]): finds quoted passages and cues.
        resolver (Optional[Callable]): fills resolved speakers in place.
        scorer (Optional[Callable]): the scoring method.
        """
        register_extensions()
        self.vocab = vocab
        self.name = name
        self.candidates = candidates
        self.resolver = resolver
        self.scorer = scorer

    def __call__(self, doc: Doc) -> Doc:
        """Find the quotes of one doc.

        doc (Doc): a parsed doc.
        RETURNS (Doc): the same doc, with `doc.spans["quotes"]` and `Doc._.quotes` set.
        """
        error_handler = self.get_error_handler()
        try:
            if len(doc) and not doc.has_annotation("DEP"):
                raise ValueError(
                    f"[{self.name}] needs a dependency parse: add it after a parser "
                    "(e.g. spacy.load('en_core_web_sm') then nlp.add_pipe('quote_rules'))"
                )
            quotes = extract_quotes(doc, self.candidates(doc)) if len(doc) else []
            if self.resolver is not None and quotes:
                self.resolver(doc, quotes)
            set_quotes(doc, quotes)
            return doc
        except Exception as e:
            error_handler(self.name, self, [doc], e)
            return doc

    def initialize(self, get_examples: Optional[Callable[[], Iterable[Example]]] = None, *,
                   nlp: Optional[Language] = None) -> None:
        """Nothing to learn: rules are ready as they are."""
        register_extensions()

    def score(self, examples: Iterable[Example], **kwargs: Any) -> Dict[str, Any]:
        """Score a batch of examples with the component's scorer."""
        if self.scorer is None:
            return {}
        return self.scorer(examples, **kwargs)

    def to_bytes(self, *, exclude=tuple()) -> bytes:
        return b""

    def from_bytes(self, bytes_data: bytes, *, exclude=tuple()) -> "QuoteRules":
        return self

    def to_disk(self, path, *, exclude=tuple()) -> None:
        return None

    def from_disk(self, path, *, exclude=tuple()) -> "QuoteRules":
        return self
