"""The `quotes` command line: thin commands over plain functions that return data.

A wrong name, path, option or file (typer's own checks, and every `QuotesError` the functions raise)
is reported on one line, `PROG COMMAND: error: ...`, with exit status 2, and so is a file that cannot
be read or written, with status 1; `extract` and `show` write one record per input and exit with 1
when any record failed.
"""
import errno
import re
import sys
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Optional, TypeVar

import typer
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from .errors import QuotesError

T = TypeVar("T")
# click's names for the types that typer 0.29 shows as <str>, <int>, <path>
TYPE_NAMES = {"str": "TEXT", "int": "INTEGER", "int range": "INTEGER", "float": "NUMBER"}


class _Argument(TyperArgument):
    """An argument shown as click shows one: its metavar alone ("INPUT..."), no <type>."""

    def display_type_rich(self, ctx) -> Optional[str]:
        return None

    def _usage_display_name(self) -> str:
        return self.display_name_raw if self.required else f"[{self.display_name_raw}]"


class _Option(TyperOption):
    """An option shown as click shows one: a flag with no value type, a value as PATH, TEXT, INTEGER."""

    def display_type_rich(self, ctx) -> Optional[str]:
        if self.is_flag or self.count:
            return None
        if self.metavar is not None:
            return self.metavar
        label = re.sub(r"^list\[(.*)\]$", r"\1", self.display_type(ctx).strip("<>"))
        return TYPE_NAMES.get(label, label.upper())


def _plain(param: Any) -> Any:
    for typer_class, plain in ((TyperArgument, _Argument), (TyperOption, _Option)):
        if type(param) is typer_class:
            param.__class__ = plain
    if isinstance(param, _Argument) and param.metavar is None:
        param.metavar = param.name.upper() + ("..." if param.nargs != 1 else "")
    return param


class _PlainHelp:
    """Help that reads like click's (and spaCy's): `INPUT...`, `--output PATH`, `--summary`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params = [_plain(p) for p in self.params]

    def get_help_option(self, ctx):
        return _plain(super().get_help_option(ctx))


class Command(_PlainHelp, TyperCommand):
    """A command whose `QuotesError`s are usage errors (one line, exit status 2), and whose files that
    cannot be read or written (a missing folder, no permission, a full disk) one line with status 2
    too; a record that fails is an error record and status 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except QuotesError as e:
            raise UsageError(str(e), ctx=ctx) from None
        except OSError as e:
            if e.errno == errno.EPIPE:  # the reader went away (| head): typer ends quietly
                raise
            failure = ClickException(f"{e.filename}: {e.strerror}" if e.filename and e.strerror else str(e))
            failure.exit_code = 2  # as for an output that cannot be written (`quotes extract -o`)
            failure.ctx = ctx
            raise failure from None


class Group(_PlainHelp, TyperGroup):
    """The command group: every usage error is printed as one line, `PROG COMMAND: error: ...`."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except NoArgsIsHelpError as e:  # the help is printed already
            sys.exit(e.exit_code)
        except ClickException as e:  # usage errors (2) and files that cannot be read or written (1)
            ctx = getattr(e, "ctx", None)
            where = ctx.command_path if ctx is not None else (prog_name or "quotes")
            typer.echo(f"{where}: error: {e.format_message()}", err=True)
            sys.exit(e.exit_code)
        except typer.Abort:
            typer.echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(name="quotes", cls=Group, no_args_is_help=True, add_completion=False, rich_markup_mode="markdown",
                  help="Who said what: extract quotes, speakers and cues from news text.")

MODEL_HELP = ("Pipeline: 'default' (= 'trained', the shipped trained pipeline), 'rules' (the rule "
              "component on the base pipeline), a saved pipeline's folder or an installed package.")
PROGRESS_HELP = "Show a progress bar on stderr."


@app.callback()
def _main() -> None:
    """Who said what: extract quotes, speakers and cues from news text."""


def _progress(items: Iterable[T], total: Optional[int], show: bool, unit: str = "doc") -> Iterator[T]:
    """items, with a progress bar on stderr where `show`."""
    from tqdm import tqdm

    bar = tqdm(items, total=total, unit=unit, file=sys.stderr, disable=not show, dynamic_ncols=True)
    yield from bar
    bar.close()


@app.command("extract", cls=Command)
def extract_cli(
    inputs: List[str] = typer.Argument(..., metavar="INPUT...", help="Text files (one document each, "
                                       "id = file stem), JSONL files (one document per line), Parquet "
                                       "files, datasets Arrow folders (save_to_disk), folders of these, "
                                       "patterns ('news/*.jsonl'), or - for stdin."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Output JSONL file (default: stdout)."),
    model: Optional[str] = typer.Option(None, "--model", "-m", help=MODEL_HELP),
    text_field: str = typer.Option("text", help="JSONL field or table column holding the text."),
    id_field: str = typer.Option("id", help="JSONL field or table column holding the id (default: "
                                 "the line number where missing)."),
    input_format: str = typer.Option("auto", "--format", help="auto (by file ending, a save_to_disk folder as arrow; "
                                     "stdin by its first character), text, jsonl, parquet or arrow."),
    keep_fields: str = typer.Option("", help="Comma-separated JSONL fields or table columns to copy to each output record."),
    batch_size: int = typer.Option(32, min=1, help="Documents (or pieces of long texts) per batch; a batch "
                                   "also holds at most --max-chars characters."),
    n_process: int = typer.Option(1, help="Processes to run the pipeline in (worker processes that "
                                  "each load it once and send back finished records)."),
    progress: bool = typer.Option(True, help=PROGRESS_HELP),
    resume: bool = typer.Option(False, help="Go on with an interrupted job: keep the complete records "
                                "already in --output (a partial last line is dropped) and process the "
                                "inputs after them. Use the same inputs and options as the first run."),
    max_chars: int = typer.Option(100_000, min=1, help="Texts longer than this are processed in pieces of "
                                  "at most this many characters, cut at paragraph breaks, else sentence "
                                  "ends or spaces outside quotation marks, each reaching 2,000 characters "
                                  "into its neighbours so that quotes across a cut are found whole "
                                  "(offsets still refer to the whole text); a batch holds at most this "
                                  "many characters, which bounds the memory a job takes."),
    with_speakers: bool = typer.Option(False, "--summary", help="Add \"speakers\": each speaker (by resolved name) with their quote count and quote indexes, most quoted first."),
) -> None:
    """Extract quotes: one JSON line per input document, in input order, a result or an error.

    Exit status: 0 when every record was processed, 1 when any record failed or there was nothing
    to read, 2 when the output cannot be written (each said in one line on stderr)."""
    from tqdm import tqdm

    from .batch import (
        INPUT_FORMATS, InputError, OutputError, Summary, check_output, count_inputs, expand_inputs,
        extract_file, read_inputs,
    )
    from .pipeline import load

    if input_format not in INPUT_FORMATS:
        raise typer.BadParameter(f"must be one of {', '.join(INPUT_FORMATS)}, not {input_format!r}",
                                 param_hint="'--format'")
    if resume and output is None:
        raise UsageError("--resume needs --output: it goes on with the records in that file")
    try:  # what can be known before any work is done
        inputs = expand_inputs(inputs)
    except InputError as e:
        _fail(str(e), 1)
    if output is not None:
        try:
            check_output(output, inputs)
        except OutputError as e:
            _fail(str(e), 2)
    nlp = load(model)
    summary = Summary()
    keep = [f.strip() for f in keep_fields.split(",") if f.strip()]
    records = read_inputs(inputs, input_format, text_field, id_field, keep)
    bar = tqdm(total=count_inputs(inputs) if progress else None, unit="doc", file=sys.stderr,
               disable=not progress, dynamic_ncols=True)
    try:
        extract_file(nlp, records, output, resume=resume, batch_size=batch_size, n_process=n_process,
                     summary=summary, max_chars=max_chars, speaker_summary=with_speakers,
                     progress=bar.update)
    except OutputError as e:
        bar.close()
        _fail(str(e), 2)
    bar.close()
    typer.echo(f"quotes extract: {summary}", err=True)
    if summary.documents == 0 and not summary.resumed:
        _fail(f"no documents: the inputs ({', '.join(inputs)}) hold no records", 1)
    if summary.errors or summary.resumed_errors:
        raise typer.Exit(code=1)


def _fail(message: str, code: int) -> None:
    """End the command with one line on stderr and an exit status."""
    typer.echo(f"quotes extract: error: {message}", err=True)
    raise typer.Exit(code=code)


def main() -> None:
    app()


@app.command("evaluate", cls=Command)
def evaluate_cli(
    model: str = typer.Argument(..., help=MODEL_HELP),
    data: Path = typer.Argument(..., help="Gold data: project JSONL, a .spacy file, or a PolNeAR split folder.", exists=True),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the figures to this JSON file."),
    errors: Optional[Path] = typer.Option(None, "--errors", help="Write a report of misses and false alarms (Markdown)."),
    limit: int = typer.Option(0, min=0, help="Evaluate on the first N documents only (0: all)."),
    batch_size: int = typer.Option(32, min=1, help="Documents (or pieces of long texts) per batch; a batch "
                                   "also holds at most --max-chars characters."),
    n_process: int = typer.Option(1, help="Processes to run the pipeline in."),
    conventions: Optional[str] = typer.Option(
        None, help="Annotation conventions of a trained 'quotes' component's output: 'guide' (the "
        "project's corpus guide) or 'polnear' (PolNeAR's, for scoring against PolNeAR). Default: the pipeline's own."),
    progress: bool = typer.Option(True, help=PROGRESS_HELP),
) -> None:
    """Score a pipeline's quotes against gold data: a table, metrics JSON, and an errors report."""
    import itertools

    from .component import check_conventions
    from .evaluate import evaluate, format_table, load_gold
    from .pipeline import load, set_conventions

    if conventions is not None:
        check_conventions(conventions)
    gold = load_gold(data)  # a wrong kind of file fails here, before the pipeline is loaded
    nlp = load(model)
    if conventions is not None:
        set_conventions(nlp, conventions)
    if limit:
        gold = itertools.islice(gold, limit)
    scores = evaluate(nlp, gold, errors_path=errors, output=output, n_process=n_process,
                      batch_size=batch_size, progress=progress)
    typer.echo(format_table(scores))
    if output:
        typer.echo(f"Figures written to {output}", err=True)
    if errors:
        typer.echo(f"Errors report written to {errors}", err=True)


def config_overrides(args: List[str]) -> Dict[str, Any]:
    """The `--section.key value` (or `--section.key=value`) arguments after a command's own, as
    `spacy train` reads them; anything else is a usage error naming the argument.

    args (List[str]): the extra arguments. RETURNS (Dict[str, Any]): dotted key -> value.
    """
    from spacy.cli._util import parse_config_overrides

    accepted = "config settings are given as --section.key VALUE"
    for i, arg in enumerate(args):
        if arg.startswith("--") and "." not in arg.split("=", 1)[0]:
            raise UsageError(f"no such option: {arg} ({accepted})")
        if not arg.startswith("--") and (i == 0 or not args[i - 1].startswith("--") or "=" in args[i - 1]):
            raise UsageError(f"unexpected argument {arg!r} ({accepted})")
    return parse_config_overrides(list(args))


@app.command("train", cls=Command, context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def train_cli(
    ctx: typer.Context,
    config: Path = typer.Argument(..., help="A spaCy training config (any of configs/*.cfg; "
                                  "configs/quotes_cpu_shared.cfg is the shipped model's).", exists=True, dir_okay=False),
    output: Path = typer.Argument(..., help="Output folder: model-best, model-last, and corpus/ with the data as .spacy files."),
    train: List[Path] = typer.Option(..., "--train", help="Training data: project JSONL, .spacy or a PolNeAR split folder (repeatable).", exists=True),
    dev: List[Path] = typer.Option(..., "--dev", help="Development data, same kinds (repeatable).", exists=True),
) -> None:
    """Train a quote pipeline with spaCy; extra `--section.key value` arguments override the config."""
    from .train import train as run_train

    best = run_train(config, output, train, dev, config_overrides(ctx.args))
    typer.echo(f"Best model: {best}")


corpus_app = typer.Typer(cls=Group, no_args_is_help=True, help="Build, import, inspect and convert annotated corpora.")
app.add_typer(corpus_app, name="corpus")


@corpus_app.command("build", cls=Command)
def corpus_build_cli(
    src: Path = typer.Argument(Path("corpus/src"), help="Source folder with train/, dev/, test/ documents.", exists=True),
    out: Path = typer.Argument(Path("corpus"), help="Where to write train.jsonl, dev.jsonl, test.jsonl."),
) -> None:
    """Compile the project's annotated source documents into JSONL with character offsets."""
    from .corpus import build_corpus

    for split, n in build_corpus(src, out).items():
        typer.echo(f"{out / (split + '.jsonl')}: {n} documents")


@corpus_app.command("import-polnear", cls=Command)
def corpus_import_polnear_cli(
    path: Path = typer.Argument(..., help="A PolNeAR split folder (with text/ and attributions/).", exists=True),
    out: Path = typer.Argument(..., help="The JSONL file to write."),
    annotator: Optional[str] = typer.Option(None, help="Whose annotations to read (default: the first file per article)."),
) -> None:
    """Convert PolNeAR's brat standoff into the project's JSONL (discontinuous spans included)."""
    from .polnear import import_polnear

    report = import_polnear(path, out, annotator=annotator)
    typer.echo(f"{out}: {report.documents} documents, {report.relations} relations, "
               f"{report.quotes} quotes, {len(report.dropped)} relations dropped (see the log above)")


@corpus_app.command("stats", cls=Command)
def corpus_stats_cli(
    file: Path = typer.Argument(..., help="Project JSONL, .spacy file, or PolNeAR split folder.", exists=True),
) -> None:
    """Count documents and quotes by type, speaker kind, cue and fragments."""
    from .corpus import format_stats, stats
    from .evaluate import load_gold

    typer.echo(format_stats(stats(load_gold(file))))


@corpus_app.command("convert", cls=Command)
def corpus_convert_cli(
    src: Path = typer.Argument(..., help="Project JSONL, a .spacy file or a PolNeAR split folder.", exists=True),
    out: Path = typer.Argument(..., help="The .spacy file to write (for spacy train)."),
    model: Optional[str] = typer.Option(None, help="Pipeline whose tokenizer to use (default: the base English pipeline)."),
) -> None:
    """Convert annotated records to a .spacy DocBin for `spacy train`."""
    import spacy

    from .corpus import convert
    from .evaluate import load_gold
    from .pipeline import base_pipeline_name, check_pipeline_name

    records = load_gold(src)
    if model is not None:
        check_pipeline_name(model)
    nlp = spacy.load(model or base_pipeline_name())  # only its tokenizer is used
    n = convert(records, out, nlp)
    typer.echo(f"{out}: {n} documents")


@app.command("show", cls=Command)
def show_cli(
    inputs: List[str] = typer.Argument(..., metavar="INPUT...", help="Text files, JSONL batches (one "
                                       "document per line), Parquet files, Arrow folders, folders of "
                                       "these, or - for stdin: one page, with contents for several documents."),
    output: Path = typer.Option(Path("quotes.html"), "--output", "-o", help="The HTML page to write."),
    model: Optional[str] = typer.Option(None, "--model", "-m", help=MODEL_HELP),
    text_field: str = typer.Option("text", help="JSONL field or table column holding the text."),
    id_field: str = typer.Option("id", help="JSONL field or table column holding the id."),
    title: str = typer.Option("Who said what", help="The page title."),
    progress: bool = typer.Option(True, help=PROGRESS_HELP),
) -> None:
    """Show quotes on a self-contained HTML page, with speakers and cues.

    Quotes are highlighted by type, speakers and cues marked and linked, each document ends with a
    speaker summary, several documents get a table of contents. As with extract, every input is
    one record on the page (a result or its error), and the exit status is 1 when any failed."""
    from .batch import read_inputs
    from .display import page_records, render
    from .pipeline import load

    nlp = load(model)
    records = list(read_inputs(inputs, "auto", text_field, id_field))
    outs = list(_progress(page_records(nlp, records), len(records), progress))
    output.write_text(render(outs, title=title), encoding="utf8")
    bad = [out for out in outs if "error" in out]
    # each error was logged as it happened (as extract logs them), and the page lists them all
    typer.echo(f"quotes show: wrote {output} ({len(outs)} documents, {len(bad)} errors)", err=True)
    if bad:
        raise typer.Exit(code=1)


if __name__ == "__main__":
    main()
