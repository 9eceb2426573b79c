"""The SPARQL 1.1 Protocol over the knowledge graph: read-only, with a query timeout, a limit on the
size of a result, and content negotiation.

Queries run in a small pool of worker processes, each holding its own copy of the knowledge
graph. A query that runs past the timeout is stopped by ending its worker (pyoxigraph cannot
cancel a query in flight), and a fresh worker takes its place, so no query can hang the server;
the pool also lets two queries run on two cores at once. With a remote store the endpoint forwards
the query to it instead."""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
from dataclasses import dataclass

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
FORMAT_PARAM = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml", "csv": "text/csv",
                "tsv": "text/tab-separated-values", "turtle": "text/turtle", "ntriples": "application/n-triples",
                "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml"}


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
    """Refuse what a read-only endpoint that never reaches the network must not run."""
    if not query.strip():
        raise ProtocolError(400, "the query is empty")
    words = keywords(query)
    for keyword, what in (("SERVICE", "SERVICE (a federated query to another endpoint) is not allowed: "
                                      "igs-kg never reaches the network"),
                          ("LOAD", "LOAD is an update; this endpoint is read-only"),
                          ("INSERT", "INSERT is an update; this endpoint is read-only"),
                          ("DELETE", "DELETE is an update; this endpoint is read-only"),
                          ("CLEAR", "CLEAR is an update; this endpoint is read-only"),
                          ("DROP", "DROP is an update; this endpoint is read-only")):
        # keywords() skips comments, IRIs and strings and ignores ?delete, $load or ex:Insert
        if keyword in words:
            raise ProtocolError(403 if keyword != "SERVICE" else 400, what)


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


def _worker(conn, env: dict[str, str], max_bytes: int) -> None:
    os.environ.update(env)
    from . import store

    kg = store.load()
    from . import advice, rules, validate

    advice.vocabulary()  # warm: the first request of a fresh worker is as fast as the rest
    rules.load_rules()
    validate.fast_validator()
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg is None:
            return
        if msg[0] in ("advise", "validate"):
            conn.send(_task(*msg))
            continue
        query, accept = msg
        try:
            out = _LimitedWriter(max_bytes)
            media, _ = write_result(kg.query(query), accept, out)
            conn.send(("ok", media, b"".join(out.parts)))
        except OverflowError:
            conn.send(("error", 413, f"the result is larger than {max_bytes // 1_000_000} MB; add a LIMIT"))
        except SyntaxError as exc:
            conn.send(("error", 400, "SPARQL syntax error: " + str(exc).splitlines()[0][:300]))
        except Exception as exc:  # an evaluation error; the message of pyoxigraph carries no paths
            conn.send(("error", 400, "query failed: " + str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__))


def _task(kind: str, text: str, fmt: str) -> tuple:
    """Advice or validation in a worker: CPU-bound Python, so two workers use two cores."""
    import json

    from . import advice, inputs, validate
    from .errors import IgsError

    try:
        situation = inputs.parse_text(text, "request", fmt, strict=(kind == "advise"))
        result = advice.advise(situation) if kind == "advise" else validate.validate(situation)
        return ("ok", "application/json", json.dumps(result, ensure_ascii=False).encode("utf-8"))
    except IgsError as exc:
        return ("error", 400, str(exc))
    except Exception:  # pragma: no cover - a bug: a generic message, never a trace
        return ("error", 500, "internal error")


@dataclass
class _Worker:
    process: mp.process.BaseProcess
    conn: object


class WorkerPool:
    def __init__(self, size: int = 2, timeout: float = 5.0, max_bytes: int = 20_000_000):
        self.size = size
        self.timeout = timeout
        self.max_bytes = max_bytes
        self._ctx = mp.get_context("spawn")
        self._idle: asyncio.Queue | None = None
        self._env = {k: v for k, v in os.environ.items() if k.startswith("IGS_KG_")}

    def _start(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        p = self._ctx.Process(target=_worker, args=(child, self._env, self.max_bytes), daemon=True)
        p.start()
        child.close()
        return _Worker(p, parent)

    async def start(self) -> None:
        self._idle = asyncio.Queue()
        loop = asyncio.get_running_loop()
        workers = await asyncio.gather(*[loop.run_in_executor(None, self._start) for _ in range(self.size)])
        for w in workers:
            self._idle.put_nowait(w)

    async def stop(self) -> None:
        if self._idle is None:
            return
        while not self._idle.empty():
            w = self._idle.get_nowait()
            try:
                w.conn.send(None)
            except (BrokenPipeError, OSError):
                pass
            w.process.join(timeout=2)
            if w.process.is_alive():
                w.process.kill()

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

    async def run(self, query: str, accept: str | None) -> tuple[str, bytes]:
        return await self._call((query, accept))

    async def task(self, kind: str, text: str, fmt: str) -> tuple[str, bytes]:
        return await self._call((kind, text, fmt), what="the request")

    async def _call(self, message: tuple, what: str = "the query") -> tuple[str, bytes]:
        assert self._idle is not None, "the pool is not started"
        loop = asyncio.get_running_loop()
        worker = await self._idle.get()
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
            raise ProtocolError(500, "a worker failed; try again") from None
        finally:
            if replace:
                worker.process.kill()
                worker.process.join(timeout=2)
                worker = await loop.run_in_executor(None, self._start)
            self._idle.put_nowait(worker)
        return _answer(reply)


def _answer(reply: tuple) -> tuple[str, bytes]:
    """A worker's reply ("ok", media, payload) or ("error", status, message) as the answer or a ProtocolError."""
    if reply[0] == "ok":
        return reply[1], reply[2]
    raise ProtocolError(reply[1], reply[2])


# ---------------------------------------------------------------------------- a remote store

class RemoteEndpoint:
    """Forwards queries to an existing SPARQL 1.1 endpoint (Oxigraph server, Fuseki, GraphDB);
    advice and validation run in this process on the knowledge read from that store."""

    def __init__(self, url: str, timeout: float = 5.0, max_bytes: int = 20_000_000):
        self.url = url
        self.timeout = timeout
        self.max_bytes = max_bytes

    async def run(self, query: str, accept: str | None) -> tuple[str, bytes]:
        import httpx

        headers = {"Content-Type": "application/sparql-query", "Accept": accept or "application/sparql-results+json, text/turtle"}
        try:
            async with httpx.AsyncClient(timeout=self.timeout) as client:
                async with client.stream("POST", self.url, content=query.encode(), headers=headers) as r:
                    chunks, size = [], 0
                    async for chunk in r.aiter_bytes():
                        size += len(chunk)
                        if size > self.max_bytes:
                            raise ProtocolError(413, f"the result is larger than {self.max_bytes // 1_000_000} MB; add a LIMIT")
                        chunks.append(chunk)
                    if r.status_code >= 400:
                        raise ProtocolError(400 if r.status_code < 500 else 502, f"the store answered {r.status_code}")
                    return r.headers.get("content-type", "application/octet-stream").split(";")[0], b"".join(chunks)
        except httpx.TimeoutException:
            raise ProtocolError(503, f"the store did not answer within {self.timeout:g} s") from None
        except httpx.HTTPError:
            raise ProtocolError(502, "the store cannot be reached") from None

    async def task(self, kind: str, text: str, fmt: str) -> tuple[str, bytes]:
        from starlette.concurrency import run_in_threadpool

        return _answer(await run_in_threadpool(_task, kind, text, fmt))

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        pass


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
