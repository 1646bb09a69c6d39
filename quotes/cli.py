"""The `quotes` command line: thin commands over plain functions that return data."""
import sys
from pathlib import Path
from typing import List, Optional

import typer

app = typer.Typer(name="quotes", no_args_is_help=True, add_completion=False,
                  help="Who said what: extract quotes, speakers and cues from news text.")


@app.callback()
def _main() -> None:
    """Who said what: extract quotes, speakers and cues from news text."""


@app.command("extract")
def extract_cli(
    inputs: List[str] = typer.Argument(..., help="Text files (one document each, id = file stem), "
                                       "JSONL files (one document per line), folders, patterns "
                                       "('news/*.jsonl'), or - for stdin."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Output JSONL file (default: stdout)."),
    model: Optional[str] = typer.Option(None, "--model", "-m", help="Pipeline: a path or package, "
                                        "'trained' (the default) for the shipped trained pipeline, 'rules' for the rule component on the base pipeline."),
    text_field: str = typer.Option("text", help="JSONL field holding the text."),
    id_field: str = typer.Option("id", help="JSONL field holding the id (default: the line number where missing)."),
    input_format: str = typer.Option("auto", "--format", help="auto (by file ending, a save_to_disk folder as arrow; "
                                     "stdin by its first character), text, jsonl, parquet or arrow."),
    keep_fields: str = typer.Option("", help="Comma-separated JSONL fields or table columns to copy to each output record."),
    batch_size: int = typer.Option(32, help="Documents (or pieces of long texts) per batch; a batch "
                                   "also holds at most --max-chars characters."),
    n_process: int = typer.Option(1, help="Processes to run the pipeline in (worker processes that "
                                  "each load it once and send back finished records)."),
    progress: bool = typer.Option(True, help="Show a progress bar on stderr."),
    resume: bool = typer.Option(False, help="Go on with an interrupted job: keep the complete records "
                                "already in --output (a partial last line is dropped) and process the "
                                "inputs after them. Use the same inputs and options as the first run."),
    max_chars: int = typer.Option(100_000, help="Texts longer than this are processed in pieces of "
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
        raise typer.BadParameter(f"--format must be one of {', '.join(INPUT_FORMATS)}, not {input_format!r}")
    if resume and output is None:
        raise typer.BadParameter("--resume needs --output: it goes on with the records in that file")
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
    typer.echo(f"quotes extract: {message}", err=True)
    raise typer.Exit(code=code)


def main() -> None:
    app()


if __name__ == "__main__":
    main()


@app.command("evaluate")
def evaluate_cli(
    model: str = typer.Argument(..., help="Pipeline: a path or package, 'default', 'rules' or 'trained'."),
    data: Path = typer.Argument(..., help="Gold data: project JSONL, a .spacy file, or a PolNeAR split folder.", exists=True),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the figures to this JSON file."),
    errors: Optional[Path] = typer.Option(None, "--errors", help="Write a report of misses and false alarms (Markdown)."),
    limit: int = typer.Option(0, help="Evaluate on the first N documents only (0: all)."),
    batch_size: int = typer.Option(32, help="Documents (or pieces of long texts) per batch; a batch "
                                   "also holds at most --max-chars characters."),
    n_process: int = typer.Option(1, help="Processes to run the pipeline in."),
    conventions: Optional[str] = typer.Option(
        None, help="Annotation conventions of a trained 'quotes' component's output: 'guide' (the "
        "project's corpus guide) or 'polnear' (PolNeAR's, for scoring against PolNeAR). Default: the pipeline's own."),
) -> None:
    """Score a pipeline's quotes against gold data: a table, metrics JSON, and an errors report."""
    import itertools

    from .evaluate import evaluate, format_table, load_gold
    from .pipeline import load, set_conventions

    nlp = load(model)
    if conventions is not None:
        set_conventions(nlp, conventions)
    gold = load_gold(data, nlp)
    if limit:
        gold = itertools.islice(gold, limit)
    scores = evaluate(nlp, gold, errors_path=errors, output=output, n_process=n_process,
                      batch_size=batch_size)
    typer.echo(format_table(scores))
    if output:
        typer.echo(f"Figures written to {output}", err=True)
    if errors:
        typer.echo(f"Errors report written to {errors}", err=True)


@app.command("train", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def train_cli(
    ctx: typer.Context,
    config: Path = typer.Argument(..., help="A spaCy training config (configs/quotes_cpu.cfg).", exists=True),
    output: Path = typer.Argument(..., help="Output folder: model-best, model-last, and the gathered data."),
    train: List[Path] = typer.Option(..., "--train", help="Training data: project JSONL, .spacy or a PolNeAR split folder (repeatable).", exists=True),
    dev: List[Path] = typer.Option(..., "--dev", help="Development data, same kinds (repeatable).", exists=True),
) -> None:
    """Train a quote pipeline with spaCy; extra `--section.key value` arguments override the config."""
    from spacy.cli._util import parse_config_overrides

    from .train import train as run_train

    best = run_train(config, output, train, dev, parse_config_overrides(ctx.args))
    typer.echo(f"Best model: {best}")


corpus_app = typer.Typer(no_args_is_help=True, help="Build, import, inspect and convert annotated corpora.")
app.add_typer(corpus_app, name="corpus")


@corpus_app.command("build")
def corpus_build_cli(
    src: Path = typer.Argument(Path("corpus/src"), help="Source folder with train/, dev/, test/ documents.", exists=True),
    out: Path = typer.Argument(Path("corpus"), help="Where to write train.jsonl, dev.jsonl, test.jsonl."),
) -> None:
    """Compile the project's annotated source documents into JSONL with character offsets."""
    from .corpus import build_corpus

    for split, n in build_corpus(src, out).items():
        typer.echo(f"{out / (split + '.jsonl')}: {n} documents")


@corpus_app.command("import-polnear")
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


@corpus_app.command("stats")
def corpus_stats_cli(
    file: Path = typer.Argument(..., help="Project JSONL, .spacy file, or PolNeAR split folder.", exists=True),
) -> None:
    """Count documents and quotes by type, speaker kind, cue and fragments."""
    from .corpus import format_stats, stats
    from .evaluate import load_gold

    typer.echo(format_stats(stats(load_gold(file))))


@corpus_app.command("convert")
def corpus_convert_cli(
    src: Path = typer.Argument(..., help="Project JSONL or a PolNeAR split folder.", exists=True),
    out: Path = typer.Argument(..., help="The .spacy file to write (for spacy train)."),
    model: Optional[str] = typer.Option(None, help="Pipeline whose tokenizer to use (default: the base English pipeline)."),
) -> None:
    """Convert annotated records to a .spacy DocBin for `spacy train`."""
    import spacy

    from .corpus import convert
    from .evaluate import load_gold
    from .pipeline import base_pipeline_name

    nlp = spacy.load(model or base_pipeline_name())  # only its tokenizer is used
    n = convert(load_gold(src), out, nlp)
    typer.echo(f"{out}: {n} documents")


@app.command("show")
def show_cli(
    inputs: List[str] = typer.Argument(..., help="A text file, a JSONL batch (one document per line), "
                                       "a folder, or - for stdin."),
    output: Path = typer.Option(Path("quotes.html"), "--output", "-o", help="The HTML page to write."),
    model: Optional[str] = typer.Option(None, "--model", "-m", help="Pipeline: a path or package, "
                                        "'trained' (the default) for the shipped trained pipeline, 'rules' for the rule component on the base pipeline."),
    text_field: str = typer.Option("text", help="JSONL field holding the text."),
    id_field: str = typer.Option("id", help="JSONL field holding the id."),
    title: str = typer.Option("Who said what", help="The page title."),
) -> None:
    """Show quotes on a self-contained HTML page: quotes highlighted by type, speakers and cues marked
    and linked, a speaker summary per document, a table of contents for several documents."""
    from .batch import read_inputs
    from .display import render_inputs
    from .pipeline import load

    nlp = load(model)
    records = list(read_inputs(inputs, "auto", text_field, id_field))
    page = render_inputs(nlp, records, title=title)
    output.write_text(page, encoding="utf8")
    bad = [r for r in records if r.error is not None]
    typer.echo(f"quotes show: wrote {output} ({len(records)} documents, {len(bad)} errors)", err=True)
    for r in bad[:5]:
        typer.echo(f"quotes show: {r.error}", err=True)  # the page lists them all
