"""The igs-kg command line. Each command imports what it needs when it runs, so that a
command starts fast; every user error ends in one line on stderr and exit code 2."""

from __future__ import annotations

import sys

import click

from . import __version__
from .errors import IgsError


class _Group(click.Group):
    """Turns an IgsError anywhere below into one clear line and exit code 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except IgsError as exc:
            click.echo(f"igs-kg: error: {exc}", err=True)
            sys.exit(exc.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="igs-kg")
def main() -> None:
    """igs-kg: knowledge graph and expert system for inter-municipal cooperation (IGS)."""


@main.command()
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True,
              help="Language of the labels.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def stats(lang: str, fmt: str) -> None:
    """Show what the knowledge graph holds, counted by kind, with labels."""
    from .stats import collect, render_json, render_table

    report = collect()
    if fmt == "json":
        click.echo(render_json(report))
    else:
        render_table(report, lang)


LANG = click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True,
                    help="Language of text and Markdown output (JSON carries both).")


def _dump_json(data) -> str:
    import json

    return json.dumps(data, ensure_ascii=False, indent=2)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown", "turtle"]), default="text",
              show_default=True)
@LANG
def advise(file: str, fmt: str, lang: str) -> None:
    """Advise on a situation (YAML, JSON, Turtle or JSON-LD): which concepts and legal forms fit,
    which are excluded and why, the procedure, whom to involve, factors to watch, the steps."""
    from . import advice as advice_mod, inputs, rules, store

    situation = inputs.read_file(file)
    advice_mod.check_participants(situation)
    with rules.session(store.load(), situation) as run:
        result = advice_mod.build_advice(run, situation)
        if fmt == "turtle":
            click.echo(_turtle(run), nl=False)
            return
    if fmt == "json":
        click.echo(_dump_json(result))
    elif fmt == "markdown":
        from .render import to_markdown

        click.echo(to_markdown(result, situation, lang), nl=False)
    else:
        from .render import to_text

        click.echo(to_text(result, situation, lang), nl=False)


def _turtle(run) -> str:
    import pyoxigraph as ox

    from .explain import provenance_triples
    from .store import PREFIXES

    triples = list(run.situation.triples)
    triples += [t for t in run.derived if t.subject == run.situation.iri]
    triples += provenance_triples(run)
    prefixes = dict(PREFIXES, rule="https://w3id.org/igs-kg/rule/")
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes).decode("utf-8")


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@LANG
def explain(file: str, fmt: str, lang: str) -> None:
    """Explain every verdict of the advice: the rules and facts that produced it, down to the
    facts, their articles and the thesis' claims."""
    from . import explain as explain_mod, inputs

    tree = explain_mod.explain(inputs.read_file(file))
    if fmt == "json":
        click.echo(_dump_json(tree))
    else:
        click.echo(explain_mod.to_text(tree, lang), nl=False)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "turtle"]), default="text", show_default=True)
@LANG
@click.option("--engine", type=click.Choice(["fast", "pyshacl"]), default="fast", show_default=True,
              help="fast: the shapes compiled to SPARQL on pyoxigraph; pyshacl: the reference engine.")
def validate(files: tuple[str, ...], fmt: str, lang: str, engine: str) -> None:
    """Validate proposed arrangements against the law and the knowledge (SHACL shapes). Exit 0 when
    every file conforms, 1 when one does not, 2 when one cannot be read."""
    from urllib.parse import quote

    from . import inputs, validate as v
    from .errors import InputError

    situations, reports, codes = [], {}, []
    for i, f in enumerate(files):
        try:
            situations.append(inputs.read_file(f, iri=f"https://w3id.org/igs-kg/situation/{i + 1}/{quote(f, safe='')}",
                                               strict=False))
        except InputError as exc:
            if len(files) == 1:
                raise
            reports[f] = {"file": f, "error": str(exc)}
            click.echo(f"igs-kg: error: {exc}", err=True)
            codes.append(2)
    if engine == "fast":
        results = v.run_fast(situations)
        graph = None
    else:
        results, graph = v.run_pyshacl(situations, report=True)
    for s in situations:
        reports[s.file] = v.report(s.file, s, results)
        codes.append(0 if reports[s.file]["conforms"] else 1)
    ordered = [reports[f] for f in files if f in reports]
    if fmt == "json":
        click.echo(_dump_json(ordered[0] if len(files) == 1 else ordered))
    elif fmt == "turtle":
        import pyoxigraph as ox

        from .store import PREFIXES

        if graph is not None:
            click.echo(graph.serialize(format="turtle"), nl=False)
        else:
            triples = v.report_turtle_fast(results)
            click.echo(ox.serialize(triples, format=ox.RdfFormat.TURTLE,
                                    prefixes=dict(PREFIXES, igsh="https://w3id.org/igs-kg/shapes#")).decode(), nl=False)
    else:
        click.echo(v.to_text(ordered, lang), nl=False)
    sys.exit(max(codes) if codes else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
