"""The igs-kg command line. Each command imports what it needs when it runs, so that a
command starts fast; every user error ends in one line on stderr and exit code 2."""

from __future__ import annotations

import json
import os
import sys

import click

from . import KB_GRAPH, __version__
from .errors import IgsError


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


class _Group(click.Group):
    """Every error ends in one line on stderr and an exit code, never a traceback: an IgsError or
    a usage error (a bad option value) exits 2, an interrupted command 130, and anything unforeseen
    says so in one line and exits 1."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        try:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.ClickException as exc:  # usage errors: one line, not click's usage block
            ctx = getattr(exc, "ctx", None)  # a UsageError knows its command
            # "advise: ..." for a subcommand; nothing for the group itself ("igs-kg: error: igs-kg:" said it twice)
            path = ctx.command_path.split(" ", 1)[1] if ctx is not None and " " in ctx.command_path else ""
            where = f"{path}: " if path else ""
            click.echo(f"igs-kg: error: {where}{_one_line(exc.format_message())}", err=True)
            sys.exit(2)
        except IgsError as exc:
            for each in [exc] + list(getattr(exc, "more", [])):  # every error of a file, a line each
                click.echo(f"igs-kg: error: {_one_line(each)}", err=True)
            sys.exit(exc.exit_code)
        except (click.exceptions.Abort, KeyboardInterrupt):
            click.echo("igs-kg: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:  # the reader of our output went away (| head)
            sys.stderr.close()
            sys.exit(1)
        except (RecursionError, MemoryError) as exc:
            click.echo(f"igs-kg: error: the input is too large or too deeply nested ({type(exc).__name__})", err=True)
            sys.exit(2)
        except Exception as exc:  # a bug: say so in one line; IGS_KG_DEBUG=1 shows the trace
            import os

            if os.environ.get("IGS_KG_DEBUG"):
                raise
            click.echo(f"igs-kg: internal error: {type(exc).__name__}: {_one_line(exc)[:300]} "
                       "(please report it; IGS_KG_DEBUG=1 shows where)", err=True)
            sys.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="igs-kg")
def main() -> None:
    """igs-kg: knowledge graph and expert system for inter-municipal cooperation (IGS)."""
    # a file name that is not UTF-8 (a byte the file system allows) is printed escaped, not fatal
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


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


def _check_url(ctx, param, value: str | None) -> str | None:
    """A store URL is an http(s) URL with a host: anything else is a usage error now, not a
    traceback when the first request is made."""
    if value is None:
        return value
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises on a port that is not a number or out of range
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a URL: {exc}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise click.BadParameter(f"{value!r} is not an http(s) URL with a host")
    return value


def _check_iri(ctx, param, value: str) -> str:
    import pyoxigraph as ox

    try:
        ox.NamedNode(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an IRI") from None
    return value


STORE = click.option("--store", "store_url", metavar="URL", callback=_check_url,
                     help="Read the knowledge graph from an existing SPARQL 1.1 endpoint (see `igs-kg publish`).")
GRAPH = click.option("--graph", "graph", metavar="IRI", default=KB_GRAPH, show_default=True, callback=_check_iri,
                     help="The named graph that holds the knowledge in that store.")


def _use_store(store_url: str | None, graph: str) -> None:
    import os

    if store_url:
        os.environ["IGS_KG_STORE"] = store_url
        os.environ["IGS_KG_STORE_GRAPH"] = graph


def _single(files: tuple[str, ...], fmt: str) -> bool:
    """One file, not a folder, and not jsonl: the output of 0.1, unchanged."""
    import os

    return len(files) == 1 and fmt != "jsonl" and not os.path.isdir(files[0])


def _batch(files: tuple[str, ...], fmt: str, job, warm) -> None:
    from . import batch

    paths = batch.expand(files)
    outcomes = batch.run(paths, job, warm, batch.show_progress(len(paths)),
                         refused=lambda path, err: batch.Outcome(file=path, code=2, error=err))
    code = batch.write(outcomes, fmt, lambda t: click.echo(t, nl=not t.endswith("\n")), batch.error_line, single=False)
    sys.exit(code)


def _attempt(path: str, fn):
    """(fn(path), None), or (None, the one-line error) for an input that cannot be read: one
    input of a batch fails on its own line and the batch goes on."""
    from .errors import InputError

    try:
        return fn(path), None
    except InputError as exc:
        return None, str(exc)
    except (RecursionError, MemoryError) as exc:
        return None, f"{path}: the input is too large or too deeply nested ({type(exc).__name__})"


def _outcome(path: str, make) -> "object":
    """Run one input of a batch: its result, or its error in one line."""
    from .batch import Outcome

    made, error = _attempt(path, make)
    if error is not None:
        return Outcome(file=path, code=2, error=error)
    data, text = made
    return Outcome(file=path, code=0, data=data, text=text)


def _warm_advice() -> None:
    from . import advice as advice_mod
    from . import rules, store

    store.load()
    rules.load_rules()
    advice_mod.vocabulary()


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl", "markdown", "turtle"]), default="text",
              show_default=True, help="jsonl: one JSON object a line, each with its \"file\" (several inputs).")
@LANG
@STORE
@GRAPH
def advise(files: tuple[str, ...], fmt: str, lang: str, store_url: str | None, graph: str) -> None:
    """Advise on a situation (YAML, JSON, Turtle or JSON-LD): which concepts and legal forms fit,
    which are excluded and why, the procedure, whom to involve, factors to watch, the steps.
    Several files or folders give one advice each, in order."""
    _use_store(store_url, graph)
    from . import advice as advice_mod
    from . import inputs, rules, store

    if not _single(files, fmt):
        if fmt == "turtle":
            raise click.UsageError("--format turtle takes one file; use --format jsonl for several")

        def make(path: str):
            situation = inputs.read_file(path)
            result = advice_mod.advise(situation)
            return result, "" if fmt in ("json", "jsonl") else _advice_text(result, situation, fmt, lang)

        _batch(files, fmt, lambda path: _outcome(path, make), _warm_advice)
        return
    situation = inputs.read_file(files[0])
    advice_mod.check_participants(situation)
    with rules.session(store.load(), situation) as run:
        result = advice_mod.build_advice(run, situation)
        if fmt == "turtle":
            click.echo(_turtle(run), nl=False)
            return
    if fmt == "json":
        click.echo(_dump_json(result))
    else:
        click.echo(_advice_text(result, situation, fmt, lang), nl=False)


def _advice_text(result: dict, situation, fmt: str, lang: str) -> str:
    if fmt == "markdown":
        from .render import to_markdown

        return to_markdown(result, situation, lang)
    from .render import to_text

    return to_text(result, situation, lang)


def _turtle(run) -> str:
    import pyoxigraph as ox

    from . import RULE_BASE, store
    from .explanation import provenance_triples
    from .store import PREFIXES

    triples = list(run.situation.triples)
    triples += [t for t in run.derived if t.subject == run.situation.iri]
    triples += provenance_triples(run)
    prefixes = dict(PREFIXES, rule=RULE_BASE)
    return store.to_bytes(triples, ox.RdfFormat.TURTLE, prefixes).decode("utf-8")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl"]), default="text", show_default=True)
@LANG
@STORE
@GRAPH
def explain(files: tuple[str, ...], fmt: str, lang: str, store_url: str | None, graph: str) -> None:
    """Explain every verdict of the advice: the rules and facts that produced it, down to the
    facts, their articles and the thesis' claims. Several files or folders: one each, in order."""
    _use_store(store_url, graph)
    from . import explanation as explain_mod
    from . import inputs

    if not _single(files, fmt):
        def make(path: str):
            tree = explain_mod.explain(inputs.read_file(path))
            return ({"explanation": tree}, "" if fmt in ("json", "jsonl") else explain_mod.to_text(tree, lang))

        _batch(files, fmt, lambda path: _outcome(path, make), _warm_advice)
        return
    tree = explain_mod.explain(inputs.read_file(files[0]))
    if fmt == "json":
        click.echo(_dump_json(tree))
    else:
        click.echo(explain_mod.to_text(tree, lang), nl=False)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl", "turtle"]), default="text", show_default=True)
@LANG
@click.option("--engine", type=click.Choice(["fast", "pyshacl"]), default="fast", show_default=True,
              help="fast: the shapes compiled to SPARQL on pyoxigraph; pyshacl: the reference engine.")
@STORE
@GRAPH
def validate(files: tuple[str, ...], fmt: str, lang: str, engine: str, store_url: str | None, graph: str) -> None:
    """Validate proposed arrangements against the law and the knowledge (SHACL shapes). Files and
    folders; exit 0 when every file conforms, 1 when one does not, 2 when one cannot be read."""
    _use_store(store_url, graph)
    from . import batch, inputs
    from . import validation as v

    if engine == "pyshacl":
        from .extras import need

        need("reason", "igs-kg validate --engine pyshacl")
    paths = batch.expand(files)
    single = _single(files, fmt)
    if single:
        situations = [inputs.read_file(files[0], iri=_batch_iri(1, files[0]), strict=False)]
        reports: dict[str, dict] = {}
        codes: list[int] = []
    else:
        situations, reports, codes = _read_all(paths)
    if engine == "fast":
        results = v.run_fast(situations)
        shacl_graph = None
    else:
        results, shacl_graph = v.run_pyshacl(situations, report=True)
    by_focus = v.by_focus(results)
    for s in situations:
        reports[s.file] = v.report(s.file, s, by_focus.get(s.iri.value, []))
        codes.append(0 if reports[s.file]["conforms"] else 1)
    ordered = [reports[f] for f, _ in paths if f in reports]
    if fmt == "jsonl":
        for r in ordered:
            click.echo(json.dumps(r, ensure_ascii=False))
    elif fmt == "json":
        click.echo(_dump_json(ordered[0] if single else ordered))
    elif fmt == "turtle":
        import pyoxigraph as ox

        from . import SHAPES, store
        from .store import PREFIXES

        if shacl_graph is not None:
            click.echo(shacl_graph.serialize(format="turtle"), nl=False)
        else:
            triples = v.report_turtle_fast(results)
            click.echo(store.to_bytes(triples, ox.RdfFormat.TURTLE, dict(PREFIXES, igsh=SHAPES)).decode(), nl=False)
    else:
        click.echo(v.to_text(ordered, lang), nl=False)
    sys.exit(max(codes) if codes else 0)


@main.command("test")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-q", "--quiet", is_flag=True, help="Print only the failures and the summary.")
def test_cases(paths: tuple[str, ...], quiet: bool) -> None:
    """Run the rule cases: each a situation and what the advice must say about it (the cases that
    ship with the knowledge, or the given case files and folders). Exit 0 when every case holds, 1
    when one does not (each failure named), 2 when a case file cannot be read."""
    from pathlib import Path

    from . import case_runner

    cases = case_runner.load([Path(p) for p in paths] or None)
    failed = 0
    for case in cases:
        problems = case_runner.failures(case.spec)
        if problems:
            failed += 1
            click.echo(f"FAIL {case.title}")
            for p in problems:
                click.echo(f"     {p}")
        elif not quiet:
            click.echo(f"ok   {case.title}")
    click.echo(f"{len(cases)} cases, {len(cases) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["markdown", "html", "docx", "odt", "pdf"]), default="markdown", show_default=True,
              help="pdf: the Word draft converted by LibreOffice (which must be installed).")
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True, help="Language of the draft.")
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False), help="Write here (Word and ODF need it).")
@click.option("--force", is_flag=True, help="Overwrite OUT if it exists (never through a symbolic link).")
@STORE
@GRAPH
def draft(file: str, fmt: str, lang: str, out: str | None, force: bool, store_url: str | None, graph: str) -> None:
    """Write the draft text of a gemeenschappelijke regeling for a proposal, or for a situation's
    first fitting form: every article from the knowledge with its article of law, and a draft
    consent decision for each participant's representative body. Every format carries the
    proposal, so `igs-kg validate DRAFT` checks the draft and its text. Exit 0 when the draft
    conforms, 1 when the proposal breaks the law (the draft says so at the top) or the form cannot
    be drafted (nothing is written), 2 when the input cannot be read or OUT cannot be written. For
    an action on an existing regeling, the draft is its wijzigings- or opheffingsregeling."""
    _use_store(store_url, graph)
    from . import draft_render, inputs, output
    from . import drafting as draft_mod

    if fmt in draft_render.BINARY | {"pdf"} and not out:
        raise click.UsageError(f"--format {fmt} writes a file: give -o FILE")
    if fmt in draft_render.BINARY | {"pdf"}:
        from .extras import need

        need("draft", f"igs-kg draft --format {fmt}")
    if fmt == "pdf":  # before the work: a missing converter is said at once
        from .draft_pdf import soffice, to_pdf

        if soffice() is None:
            to_pdf(b"")
    if out and not force and os.path.lexists(out):  # before the work: the answer would be thrown away
        output.write_file(out, b"", force=False)
    text, kind = inputs.read_text(file)
    made = draft_mod.build(text, file, kind, lang)
    if fmt == "pdf":  # the Word draft, converted (draft_pdf)
        payload: str | bytes = to_pdf(draft_render.to_docx(made))
    else:
        payload = draft_render.RENDERERS[fmt](made)
    if out:
        output.write_file(out, payload if isinstance(payload, bytes) else payload.encode("utf-8"), force)
        click.echo(f"igs-kg: wrote {out}", err=True)
    else:
        click.echo(payload, nl=False)
    if made.violations:
        click.echo(f"igs-kg: the proposal breaks the law ({len(made.violations)} violation(s)); the draft says so at the top",
                   err=True)
        sys.exit(1)


def _batch_iri(i: int, f: str) -> str:
    from urllib.parse import quote

    return f"https://w3id.org/igs-kg/situation/{i}/{quote(os.fsencode(f), safe='')}"  # the bytes: any file name


def _read_all(paths: list[tuple[str, str | None]]):
    """Read every proposal of a batch (two processes from PARALLEL_FROM files on): the situations
    read, a report for each file that could not be, and their exit codes."""
    from . import batch, inputs

    numbered = {f: i + 1 for i, (f, _) in enumerate(paths)}

    def read(f: str):
        situation, error = _attempt(f, lambda p: inputs.read_file(p, iri=_batch_iri(numbered[p], p), strict=False))
        return situation if error is None else {"file": f, "error": error}

    def warm() -> None:
        inputs.context()
        from . import register

        register.load()

    situations, reports, codes = [], {}, []
    for got in batch.run(paths, read, warm, batch.show_progress(len(paths)),
                         refused=lambda f, err: {"file": f, "error": f"{f}: {err}"}):
        if isinstance(got, dict):
            reports[got["file"]] = got
            batch.error_line(f"igs-kg: error: {got['error']}")  # above the bar, not under it
            codes.append(2)
        else:
            situations.append(got.with_fresh_blank_nodes())
    return situations, reports, codes


@main.command()
@click.argument("name", required=False)
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="A parameter, bound as a typed RDF term.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--list", "list_", is_flag=True, help="List the named queries with their parameters.")
@LANG
@STORE
@GRAPH
def query(name: str | None, params: tuple[str, ...], fmt: str, list_: bool, lang: str, store_url: str | None,
          graph: str) -> None:
    """Run a named query (a file in queries/) or a FILE.rq. JSON and CSV are the W3C SPARQL results formats."""
    _use_store(store_url, graph)
    from . import queries
    from .errors import InputError

    if list_ or not name:
        _list_queries(lang)
        return
    q = queries.read_query_file(name) if name.endswith(".rq") else queries.load_named_query(name)
    given = {}
    for p in params:
        if "=" not in p:
            raise InputError(f"--param must be KEY=VALUE, not {p!r}")
        k, v = p.split("=", 1)
        given[k.strip()] = v.strip()
    from . import sandbox

    # A query from a file is checked for SERVICE (queries.run); this process also leaves the
    # network where the system allows it, and runs the query on a large stack (deep nesting).
    sandbox.isolate_network()
    sandbox.on_big_stack(_run_and_print, q, given, fmt)


def _run_and_print(q, given: dict[str, str], fmt: str) -> None:
    import pyoxigraph as ox

    from . import queries, store

    results = queries.run(q, given)
    if isinstance(results, bool) or isinstance(results, ox.QueryBoolean):
        click.echo("true" if bool(results) else "false")
        return
    if isinstance(results, ox.QueryTriples):
        click.echo(store.to_bytes(list(results), ox.RdfFormat.TURTLE).decode(), nl=False)
        return
    if fmt == "json":
        click.echo(results.serialize(format=ox.QueryResultsFormat.JSON).decode())
    elif fmt == "csv":
        click.echo(results.serialize(format=ox.QueryResultsFormat.CSV).decode(), nl=False)
    else:
        _table(results)


def _list_queries(lang: str) -> None:
    from rich.console import Console
    from rich.table import Table

    from . import queries

    table = Table(title={"nl": "Benoemde queries", "en": "Named queries"}[lang])
    table.add_column("name")
    table.add_column({"nl": "titel", "en": "title"}[lang])
    table.add_column({"nl": "parameters", "en": "parameters"}[lang])
    for q in queries.list_named_queries():
        params = ", ".join(f"{p.name} ({p.type}{', required' if p.required else ''})" for p in q.params)
        table.add_row(q.name, q.title.get(lang, q.name), params)
    Console(width=140).print(table)


def _table(results) -> None:
    from rich.console import Console
    from rich.table import Table

    from .store import PREFIXES

    def short(term) -> str:
        if term is None:
            return ""
        value = getattr(term, "value", str(term))
        for prefix, ns in PREFIXES.items():
            if hasattr(term, "value") and type(term).__name__ == "NamedNode" and value.startswith(ns):
                return f"{prefix}:{value[len(ns):]}"
        return value

    names = [v.value for v in results.variables]
    table = Table()
    for n_ in names:
        table.add_column(n_)
    count = 0
    for sol in results:
        table.add_row(*[short(sol[n_]) for n_ in names])
        count += 1
    Console(width=160).print(table)
    Console(stderr=True).print(f"{count} rows")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--step", "steps", multiple=True, type=click.Choice(["reason", "quality", "context", "shapes", "rules", "queries"]),
              help="Run only these steps (parsing always runs).")
def check(fmt: str, steps: tuple[str, ...]) -> None:
    """The knowledge engineer's gate: parse, reason (HermiT), quality checks, context, shapes, rules,
    queries. Exit 1 when any finding is an error."""
    from . import check as gate

    reports = gate.run(list(steps) or None)
    click.echo(gate.to_json(reports) if fmt == "json" else gate.to_text(reports), nl=False)
    sys.exit(1 if gate.has_errors(reports) else 0)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["turtle", "jsonld", "ntriples", "rdfxml"]), default="turtle",
              show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to a file instead of standard output.")
def export(fmt: str, output: str | None) -> None:
    """Write the merged graph (knowledge, shapes, rules) for other tools; Protégé opens the Turtle."""
    from .errors import InputError
    from .export import serialize

    data = serialize(fmt)
    if output:
        try:
            with open(output, "wb") as f:
                f.write(data)
        except OSError as exc:
            raise InputError(f"cannot write: {exc.strerror or exc}", output) from None
    else:
        sys.stdout.buffer.write(data)


@main.command()
@click.argument("outdir", type=click.Path(file_okay=False))
def docs(outdir: str) -> None:
    """Write HTML documentation of the ontology, in Dutch and English, with SVG diagrams."""
    from .docs import build
    from .errors import InputError

    try:
        written = build(outdir)
    except OSError as exc:  # /proc, a full disk, a file where the folder should be
        raise InputError(f"cannot write the documentation: {exc.strerror or exc}", outdir) from None
    click.echo(f"wrote {len(written)} files to {outdir}: " + ", ".join(sorted(p.name for p in written)))


def _positive_finite(ctx, param, value: float) -> float:
    import math

    if not math.isfinite(value) or value <= 0 or value > 3600:
        raise click.BadParameter(f"{value} is not a number of seconds between 0 and 3600")
    return value


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--timeout", default=5.0, show_default=True, type=float, callback=_positive_finite,
              help="Seconds a SPARQL query, an advice or a validation may run.")
@click.option("--max-result-mb", default=20, show_default=True, type=click.IntRange(1, 1000), help="Largest SPARQL result, in MB.")
@click.option("--max-body-kb", default=1000, show_default=True, type=click.IntRange(1, 100_000), help="Largest request body, in kB.")
@click.option("--cors-origin", "cors", multiple=True, metavar="ORIGIN", help="An origin allowed to call the API (CORS).")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Processes that answer SPARQL and named queries.")
@click.option("--task-workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Processes that advise and validate (a lane of their own, so queries never wait behind them).")
@click.option("--worker-memory-mb", default=2048, show_default=True, type=click.IntRange(256, 1_000_000),
              help="Memory a worker may use beyond what it holds at start; a request past it ends the worker, which is replaced.")
@click.option("--header-timeout", default=10.0, show_default=True, type=float, callback=_positive_finite,
              help="Seconds a client has to send a request's headers, and again its body.")
@click.option("--max-connections", default=512, show_default=True, type=click.IntRange(1, 100_000),
              help="Open connections and requests in progress at most: past it the connection idle longest is "
                   "closed, and a request past it is answered 503.")
@click.option("--base-url", default=None, metavar="URL",
              help="The public address of the service, for its SPARQL service description (default http://HOST:PORT).")
@STORE
@GRAPH
def serve(host: str, port: int, timeout: float, max_result_mb: int, max_body_kb: int, cors: tuple[str, ...],
          workers: int, task_workers: int, worker_memory_mb: int, header_timeout: float, max_connections: int,
          base_url: str | None, store_url: str | None, graph: str) -> None:
    """Serve SPARQL, the named queries, advice, validation, the ontology and a page for people over HTTP."""
    _use_store(store_url, graph)
    from .extras import need

    need("server", "igs-kg serve")
    if store_url:  # the store is read before anything says "serving": down, refusing or empty is one line, exit 2
        from . import store

        store.load()
    from .server import serve as run_server

    run_server(host, port, header_timeout=header_timeout, max_connections=max_connections, timeout=timeout,
               max_result_bytes=max_result_mb * 1_000_000, max_body_bytes=max_body_kb * 1000, cors_origins=cors,
               workers=workers, task_workers=task_workers, store_url=store_url, store_graph=graph,
               body_timeout=header_timeout, worker_memory_bytes=worker_memory_mb << 20,
               **({"base_url": base_url} if base_url else {}))


@main.command()
@click.argument("url", callback=_check_url)
@GRAPH
def publish(url: str, graph: str) -> None:
    """Load the knowledge graph into an existing store by the Graph Store Protocol (URL is its
    graph store endpoint, e.g. http://localhost:7878/store for Oxigraph); the named graph is
    replaced as a whole."""
    from .store import publish as do_publish

    n = do_publish(url, graph)
    click.echo(f"published {n} triples to <{graph}> at {url}")


if __name__ == "__main__":  # pragma: no cover
    main()
