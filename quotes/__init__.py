"""quotes: who said what in news text. Quote extraction and attribution as spaCy components.

    >>> import quotes
    >>> nlp = quotes.load()
    >>> doc = nlp("“We will win,” said the coach.")
    >>> doc._.quotes
    [Quote(direct, '“We will win,”', speaker='the coach', cue='said')]
"""
from .about import __version__
from .batch import extract
from .display import DISPLACY_OPTIONS
from .items import Quote, doc_to_record, get_quotes, set_quotes
from .pipeline import load
from .speakers import speakers

__all__ = ["DISPLACY_OPTIONS", "Quote", "__version__", "doc_to_record", "extract", "get_quotes", "load", "set_quotes", "speakers"]
