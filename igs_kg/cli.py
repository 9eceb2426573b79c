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


if __name__ == "__main__":  # pragma: no cover
    main()
