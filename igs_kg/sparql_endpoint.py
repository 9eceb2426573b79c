"""The SPARQL 1.1 Protocol over the knowledge graph: read-only, never reaching the network, with a
query timeout, a limit on the size of a result, and content negotiation.

Queries, advice and validation run in worker processes, each holding its own copy of the
knowledge graph, in two lanes: a query lane (SPARQL and named queries) and a task lane (advice and
validation), so that a small query never waits behind advice. A worker leaves the network, caps its
memory and parses on a large stack (sandbox). A request that runs past the timeout is stopped by
ending its worker (pyoxigraph cannot cancel a query in flight), and a fresh worker takes its place;
so does one that crashed its worker or ran out of its memory. With a remote store the query lane
forwards the query to it instead, after the same checks."""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection

from .sparql_text import keywords

RESULT_TYPES = {  # SELECT / ASK
    "application/sparql-results+json": "JSON", "application/json": "JSON",
    "application/sparql-results+xml": "XML", "application/xml": "XML",
    "text/csv": "CSV", "text/tab-separated-values": "TSV",
}
GRAPH_TYPES = {  # CONSTRUCT / DESCRIBE
    "text/turtle": "TURTLE", "application/n-triples": "N_TRIPLES", "application/ld+json": "JSON_LD",
    "application/rdf+xml": "RDF_XML",
}
# ?format= (and ?output=) as clients send it, beside Accept. One word may mean a results format for
# SELECT/ASK and an RDF syntax for CONSTRUCT/DESCRIBE ("xml", "json"), so it names both and the
# kind of the result picks: SPARQLWrapper sends format=xml or format=json-ld with a matching Accept.
FORMAT_PARAM = {
    "json": "application/sparql-results+json, application/ld+json",
    "xml": "application/sparql-results+xml, application/rdf+xml",
    "csv": "text/csv", "tsv": "text/tab-separated-values",
    "turtle": "text/turtle", "ttl": "text/turtle", "n3": "text/turtle",
    "ntriples": "application/n-triples", "nt": "application/n-triples", "n-triples": "application/n-triples",
    "jsonld": "application/ld+json", "json-ld": "application/ld+json",
    "rdfxml": "application/rdf+xml", "rdf": "application/rdf+xml", "rdf+xml": "application/rdf+xml",
}
FORMAT_PARAM.update({media: media for media in {**RESULT_TYPES, **GRAPH_TYPES}})


def accept_for(accept: str | None, words: list[str] | None) -> str | None:
    """The Accept to negotiate with, given the header and the ?format=/?output= words (clients
    such as SPARQLWrapper send several, e.g. format=xml&output=xml). The header decides where it
    names a type we serve (the Protocol's content negotiation); the first word we know fills in
    where it does not, or where the header is absent or only wildcards."""
    if not words:
        return accept
    known = [FORMAT_PARAM[w.strip().lower()] for w in words if w.strip().lower() in FORMAT_PARAM]
    if accept and _specific(accept):
        return accept + "".join(f", {m.strip()};q=0.001" for m in (known[0].split(",") if known else []))
    if not known:
        raise ProtocolError(400, f"unknown format '{words[0][:40]}' "
                                 f"(known: {', '.join(sorted(k for k in FORMAT_PARAM if '/' not in k))})")
    return known[0]


def _specific(accept: str) -> bool:
    known = {**RESULT_TYPES, **GRAPH_TYPES}
    return any(part.split(";")[0].strip().lower() in known for part in accept.split(","))


class ProtocolError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def negotiate(accept: str | None, table: dict[str, str], default: str) -> str:
    """The media type of `table` the client prefers (Accept with q-values), else the default."""
    if not accept:
        return default
    choices = []
    for i, part in enumerate(accept.split(",")):
        bits = [b.strip() for b in part.split(";")]
        media, q = bits[0].lower(), 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        choices.append((-q, i, media))
    for _q, _i, media in sorted(choices):
        if media in table:
            return media
        if media in ("*/*", "application/*", "text/*"):
            return default
    return default


def write_result(result, accept: str | None, output=None) -> tuple[str, bytes | None]:
    """Serialise a pyoxigraph query result in the media type the client prefers: a graph
    (CONSTRUCT/DESCRIBE) as RDF, solutions or a boolean as SPARQL results. Writes to `output`
    when given (and returns None for the bytes), else returns the bytes."""
    import pyoxigraph as ox

    if isinstance(result, ox.QueryTriples):
        media = negotiate(accept, GRAPH_TYPES, "text/turtle")
        return media, ox.serialize(result, output, format=getattr(ox.RdfFormat, GRAPH_TYPES[media]))
    media = negotiate(accept, RESULT_TYPES, "application/sparql-results+json")
    return media, result.serialize(output, format=getattr(ox.QueryResultsFormat, RESULT_TYPES[media]))


def check_query(query: str) -> None:
    """Refuse what a read-only endpoint that never reaches the network must not run: SERVICE on a
    parse of the query (query_guard), updates by name for a clear message (pyoxigraph's query
    parser would refuse them as syntax anyway)."""
    from .query_guard import QueryRefused, check

    try:
        check(query)
    except QueryRefused as exc:
        raise ProtocolError(exc.status, exc.message) from None
    words = keywords(query)
    for keyword in ("LOAD", "INSERT", "DELETE", "CLEAR", "DROP"):
        # keywords() skips comments, IRIs and strings and ignores ?delete, $load or ex:Insert
        if keyword in words:
            raise ProtocolError(403, f"{keyword} is an update; this endpoint is read-only")


# ---------------------------------------------------------------------------- the worker processes

class _LimitedWriter:
    def __init__(self, limit: int):
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, b) -> int:
        self.size += len(b)
        if self.size > self.limit:
            raise OverflowError
        self.parts.append(bytes(b))
        return len(b)

    def flush(self) -> None:
        pass


def _worker(conn, env: dict[str, str], max_bytes: int, role: str, memory_bytes: int) -> None:
    """A worker process: load what its lane needs, leave the network, cap its memory, then answer
    messages on a thread with a large stack (see sandbox) until told to stop."""
    os.environ.update(env)
    from . import sandbox, store

    store.load()  # with --store this reads the knowledge from the store, so before the network goes
    if role == "task":
        from . import advice, rules
        from . import validation as validate

        advice.vocabulary()  # warm: the first request of a fresh worker is as fast as the rest
        rules.load_rules()
        validate.fast_validator()
    else:
        from . import queries  # noqa: F401
    isolated = sandbox.isolate_network()  # before any thread: a namespace is per thread at first
    started = threading.Event()

    def serve() -> None:
        started.wait()
        _serve(conn, max_bytes, role, isolated)

    threading.stack_size(sandbox.STACK_BYTES)
    t = threading.Thread(target=serve, daemon=True)
    t.start()
    sandbox.limit_memory(memory_bytes)  # after the stack is reserved: the cap is on top of it
    started.set()
    t.join()


def _serve(conn, max_bytes: int, role: str, isolated: bool) -> None:
    try:
        conn.send(("ready", role, isolated))
    except (BrokenPipeError, OSError):
        return
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        try:
            reply = _handle(msg, max_bytes)
        except MemoryError:
            reply = ("error", 413, "the request needed more memory than a request may use, and was stopped")
        except Exception:  # pragma: no cover - a bug: a generic message, never a trace
            reply = ("error", 500, "internal error")
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return
        if role == "task" and not conn.poll(0):  # idle: rebuild the store now, not in a request
            from . import store

            store.load().tidy()


def _handle(msg: tuple, max_bytes: int) -> tuple:
    kind = msg[0]
    if kind in ("advise", "validate", "draft"):
        return _task(*msg)
    if kind == "named":
        return _named(msg[1], msg[2], msg[3], max_bytes)
    _, query, accept = msg
    from . import store

    return _serialise(lambda: store.load().query(query), accept, max_bytes)


def _serialise(run, accept: str | None, max_bytes: int) -> tuple:
    try:
        out = _LimitedWriter(max_bytes)
        media, _ = write_result(run(), accept, out)
        return ("ok", media, b"".join(out.parts))
    except OverflowError:
        return ("error", 413, too_large(max_bytes))
    except SyntaxError as exc:
        return ("error", 400, "SPARQL syntax error: " + _first_line(exc))
    except MemoryError:
        raise
    except Exception as exc:  # an evaluation error; the message of pyoxigraph carries no paths
        from .errors import IgsError

        if isinstance(exc, IgsError):
            return ("error", 400, str(exc))
        return ("error", 400, "query failed: " + (_first_line(exc) or type(exc).__name__))


def too_large(max_bytes: int) -> str:
    return f"the result is larger than {max_bytes / 1_000_000:g} MB; add a LIMIT"


def _first_line(exc: BaseException) -> str:
    text = str(exc)
    return text.splitlines()[0][:300] if text else ""


def _named(name: str, given: dict[str, str], accept: str | None, max_bytes: int) -> tuple:
    from . import queries

    return _serialise(lambda: queries.run(queries.load_named_query(name), given), accept, max_bytes)


def _task(kind: str, text: str, fmt: str, out: str = "json", lang: str = "nl") -> tuple:
    """Advice or validation in a worker: parsing and reasoning are CPU-bound and may meet hostile
    input, so they run here, inside the worker's limits, never in the server's event loop."""
    import json

    from . import advice, inputs, render
    from . import validation as validate
    from .errors import IgsError

    try:
        if kind == "draft":
            from . import draft_render
            from . import drafting as draft

            made = draft.build(text, "request", fmt, lang)
            payload = draft_render.RENDERERS[out](made)
            media = draft_render.MEDIA[out] + ("" if made.conforms else "; igs-kg-conforms=false")
            return ("ok", media, payload if isinstance(payload, bytes) else payload.encode("utf-8"))
        situation = inputs.parse_text(text, "request", fmt, strict=(kind == "advise"))
        if kind == "validate":
            result = validate.validate(situation)
        else:
            result = advice.advise(situation)
            if out == "markdown":
                return ("ok", "text/markdown; charset=utf-8", render.to_markdown(result, situation, lang).encode("utf-8"))
            if out == "text":
                return ("ok", "text/plain; charset=utf-8", render.to_text(result, situation, lang).encode("utf-8"))
        return ("ok", "application/json", json.dumps(result, ensure_ascii=False).encode("utf-8"))
    except IgsError as exc:
        # a form the law does not allow here is a verdict on a readable request: 422, not 400
        return ("error", 422 if exc.exit_code == 1 else 400, str(exc))
    except RecursionError:
        return ("error", 400, "request: nested too deeply")


@dataclass(eq=False)
class _Worker:
    process: mp.process.BaseProcess
    conn: Connection


class Lane:
    """A pool of worker processes of one role ("query": SPARQL and named queries, cheap and
    many; "task": advice and validation). Two lanes keep a small query from waiting behind a
    batch of advice. A request that overruns the timeout ends its worker, which is replaced; so
    does one that crashes it or exhausts its memory."""

    def __init__(self, role: str, size: int = 2, timeout: float = 5.0, max_bytes: int = 20_000_000,
                 memory_bytes: int = 2 << 30):
        self.role = role
        self.size = size
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.memory_bytes = memory_bytes
        self._ctx = mp.get_context("spawn")
        self._idle: asyncio.Queue | None = None
        self._all: set[_Worker] = set()
        self._env = {k: v for k, v in os.environ.items() if k.startswith("IGS_KG_")}
        self.isolated: bool | None = None

    def _start(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        p = self._ctx.Process(target=_worker, args=(child, self._env, self.max_bytes, self.role, self.memory_bytes),
                              daemon=True)
        p.start()
        child.close()
        # The worker says when it is ready (and whether it left the network); wait for it here, in
        # the thread that starts it, so a request never meets a worker still loading.
        if parent.poll(120):
            try:
                hello = parent.recv()
                self.isolated = bool(hello[2])
            except (EOFError, OSError):
                pass
        return _Worker(p, parent)

    async def start(self) -> None:
        self._idle = asyncio.Queue()
        loop = asyncio.get_running_loop()
        workers = await asyncio.gather(*[loop.run_in_executor(None, self._start) for _ in range(self.size)])
        for w in workers:
            self._all.add(w)
            self._idle.put_nowait(w)

    async def stop(self) -> None:
        for w in list(self._all):
            try:
                w.conn.send(None)
            except (BrokenPipeError, OSError):
                pass
        for w in list(self._all):
            w.process.join(timeout=2)
            if w.process.is_alive():
                w.process.kill()
        self._all.clear()

    def pids(self) -> list[int]:
        return [w.process.pid for w in self._all if w.process.pid]

    async def _replace(self, loop, worker: _Worker) -> _Worker:
        """End a worker (dead, overrunning or crashed) and start a fresh one in its place."""
        self._all.discard(worker)
        worker.process.kill()
        worker.process.join(timeout=2)
        fresh = await loop.run_in_executor(None, self._start)
        self._all.add(fresh)
        return fresh

    async def _readable(self, loop, conn) -> bool:
        """Wait until the worker answers, without a thread: the event loop watches its pipe."""
        if conn.poll():
            return True
        ready = loop.create_future()
        fd = conn.fileno()
        loop.add_reader(fd, lambda: ready.done() or ready.set_result(True))
        try:
            await asyncio.wait_for(ready, self.timeout)
            return True
        except asyncio.TimeoutError:
            return False
        finally:
            loop.remove_reader(fd)
            os.set_blocking(fd, True)  # uvloop makes a watched fd non-blocking; recv() wants the whole message

    async def call(self, message: tuple) -> tuple[str, bytes]:
        assert self._idle is not None, "the lane is not started"
        what = "the query" if self.role == "query" else "the request"
        loop = asyncio.get_running_loop()
        worker = await self._idle.get()
        if not worker.process.is_alive():  # died while idle (killed from outside): replace it first
            worker = await self._replace(loop, worker)
        replace = False
        try:
            worker.conn.send(message)
            ready = await self._readable(loop, worker.conn)
            if not ready:
                replace = True
                raise ProtocolError(503, f"{what} took longer than {self.timeout:g} s and was stopped"
                                         + ("; narrow it or add a LIMIT" if what == "the query" else ""))
            reply = worker.conn.recv()
        except (EOFError, BrokenPipeError, OSError):
            replace = True
            worker.process.join(timeout=2)
            if worker.process.exitcode in (-6, -9):  # abort on a failed allocation, or the kernel's OOM kill
                raise ProtocolError(413, f"{what} needed more memory than a request may use, and was stopped") from None
            raise ProtocolError(500, "a worker failed; try again") from None
        except asyncio.CancelledError:  # the client went away: the worker may still be busy with it
            replace = True
            raise
        finally:
            if replace:
                worker = await asyncio.shield(self._replace(loop, worker))
            self._idle.put_nowait(worker)
        return _answer(reply)


def _answer(reply: tuple) -> tuple[str, bytes]:
    """A worker's reply ("ok", media, payload) or ("error", status, message) as the answer or a ProtocolError."""
    if reply[0] == "ok":
        return reply[1], reply[2]
    raise ProtocolError(reply[1], reply[2])


class LocalEndpoint:
    """SPARQL and named queries in the query lane, advice and validation in the task lane."""

    def __init__(self, queries: Lane | "RemoteQueries", tasks: Lane):
        self.queries = queries
        self.tasks = tasks

    async def run(self, query: str, accept: str | None) -> tuple[str, bytes]:
        return await self.queries.call(("query", query, accept))

    async def named(self, name: str, given: dict[str, str], accept: str | None) -> tuple[str, bytes]:
        return await self.tasks.call(("named", name, given, accept)) if isinstance(self.queries, RemoteQueries) \
            else await self.queries.call(("named", name, given, accept))

    async def task(self, kind: str, text: str, fmt: str, out: str = "json", lang: str = "nl") -> tuple[str, bytes]:
        return await self.tasks.call((kind, text, fmt, out, lang))

    async def start(self) -> None:
        await asyncio.gather(self.queries.start(), self.tasks.start())

    async def stop(self) -> None:
        await asyncio.gather(self.queries.stop(), self.tasks.stop())

    def pids(self) -> list[int]:
        return self.queries.pids() + self.tasks.pids()


# ---------------------------------------------------------------------------- a remote store

class RemoteQueries:
    """Forwards SPARQL queries to an existing SPARQL 1.1 endpoint (Oxigraph server, Fuseki,
    GraphDB), with the knowledge's named graph as the default graph and as the one named graph
    (default-graph-uri, named-graph-uri), as the local endpoint has it. The query is checked here first: the store would run a SERVICE."""

    role = "query"

    def __init__(self, url: str, graph: str, timeout: float = 5.0, max_bytes: int = 20_000_000):
        self.url = url
        self.graph = graph
        self.timeout = timeout
        self.max_bytes = max_bytes

    async def call(self, message: tuple) -> tuple[str, bytes]:
        import httpx

        _, query, accept = message
        from .store import store_headers

        headers = {"Content-Type": "application/sparql-query", "Accept": accept or "application/sparql-results+json, text/turtle",
                   **store_headers()}
        try:
            async with httpx.AsyncClient(timeout=self.timeout) as client:
                async with client.stream("POST", self.url, params={"default-graph-uri": self.graph, "named-graph-uri": self.graph},
                                         content=query.encode(), headers=headers) as r:
                    chunks, size = [], 0
                    async for chunk in r.aiter_bytes():
                        size += len(chunk)
                        if size > self.max_bytes:
                            raise ProtocolError(413, too_large(self.max_bytes))
                        chunks.append(chunk)
                    if r.status_code >= 400:
                        raise ProtocolError(400 if r.status_code < 500 else 502, f"the store answered {r.status_code}")
                    return r.headers.get("content-type", "application/octet-stream").split(";")[0], b"".join(chunks)
        except httpx.TimeoutException:
            raise ProtocolError(503, f"the store did not answer within {self.timeout:g} s") from None
        except httpx.HTTPError:
            raise ProtocolError(502, "the store cannot be reached") from None

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        pass

    def pids(self) -> list[int]:
        return []


SERVICE_DESCRIPTION = """@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix formats: <http://www.w3.org/ns/formats/> .
@prefix void: <http://rdfs.org/ns/void#> .

[] a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat formats:SPARQL_Results_JSON , formats:SPARQL_Results_XML , formats:SPARQL_Results_CSV ,
        formats:SPARQL_Results_TSV , formats:Turtle , formats:N-Triples , formats:JSON-LD , formats:RDF_XML ;
    sd:feature sd:UnionDefaultGraph ;
    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ; void:triples {triples} ] ] .
"""
