"""The `quotes` command line: thin commands over plain functions that return data."""
import json
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
                                       "JSONL files (one document per line), folders, or - for stdin."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Output JSONL file (default: stdout)."),
    model: Optional[str] = typer.Option(None, "--model", "-m", help="Pipeline: a path or package, "
                                        "'rules' for the rule component on the base pipeline (default: the shipped model)."),
    text_field: str = typer.Option("text", help="JSONL field holding the text."),
    id_field: str = typer.Option("id", help="JSONL field holding the id (default: the line number where missing)."),
    input_format: str = typer.Option("auto", "--format", help="auto (by file ending; stdin by its first character), text or jsonl."),
    batch_size: int = typer.Option(32, help="Documents per batch."),
    n_process: int = typer.Option(1, help="Processes to run the pipeline in."),
    progress: bool = typer.Option(True, help="Show a progress bar on stderr."),
) -> None:
    """Extract quotes: one JSON line per input document, in input order, a result or an error."""
    from tqdm import tqdm

    from .batch import Summary, count_inputs, extract_records, read_inputs
    from .pipeline import load

    if input_format not in ("auto", "text", "jsonl"):
        raise typer.BadParameter(f"--format must be auto, text or jsonl, not {input_format!r}")
    nlp = load(model)
    summary = Summary()
    records = read_inputs(inputs, input_format, text_field, id_field)
    total = count_inputs(inputs) if progress else None
    out = output.open("w", encoding="utf8") if output else sys.stdout
    try:
        bar = tqdm(total=total, unit="doc", file=sys.stderr, disable=not progress, dynamic_ncols=True)
        for rec in extract_records(nlp, records, batch_size=batch_size, n_process=n_process,
                                   summary=summary):
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            bar.update(1)
        bar.close()
    finally:
        if output:
            out.close()
    typer.echo(f"quotes extract: {summary}", err=True)
    if summary.errors:
        raise typer.Exit(code=1)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
