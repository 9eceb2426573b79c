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


if __name__ == "__main__":  # pragma: no cover
    main()
