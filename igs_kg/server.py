"""`igs-kg serve`: the HTTP service (FastAPI).

/sparql       SPARQL 1.1 Protocol, read-only, over the knowledge graph
/queries      the named queries; /queries/{name}?param=value
/advise       POST a situation (JSON, YAML, Turtle or JSON-LD): the advice JSON (docs/contract.md#json-of-advise)
/validate     POST a proposal: the validation JSON (docs/contract.md#json-of-validate)
/ontology     the knowledge graph, content-negotiated (Turtle, JSON-LD, RDF/XML, N-Triples)
/context.jsonld  the JSON-LD context of the input words (the page builds its form from it)
/healthz      liveness and what is loaded
/openapi.json the OpenAPI document
/             a page for people (no external resources)

Errors are one JSON object {"error": "...", "error_text": {"en": "...", "nl": "..."}} with a 4xx
status for the client's mistakes and a generic message for anything else (no stack traces, no
paths); "error_text" gives the page its message in its own language (error_text.py)."""

from __future__ import annotations

import asyncio
import json
import sys
from contextlib import asynccontextmanager
from importlib import resources
from urllib.parse import parse_qs

from fastapi import FastAPI, Request  # module level: FastAPI resolves the annotations of the endpoints here
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import __version__, error_text
from .errors import IgsError
from .sparql_endpoint import (
    GRAPH_TYPES,
    SERVICE_DESCRIPTION,
    Lane,
    LocalEndpoint,
    ProtocolError,
    RemoteQueries,
    accept_for,
    check_query,
    negotiate,
)

READ_ONLY = "this endpoint is read-only: SPARQL Update is not accepted"
STORE_PROBE_SECONDS = 15
INPUT_TYPES = {"application/json": "json", "application/yaml": "yaml", "application/x-yaml": "yaml", "text/yaml": "yaml",
               "text/turtle": "turtle", "application/ld+json": "jsonld"}
MAX_PARAMS = 50         # parameters in a query string or form


def create_app(*, timeout: float = 5.0, max_result_bytes: int = 20_000_000, max_body_bytes: int = 1_000_000,
               cors_origins: tuple[str, ...] = (), workers: int = 2, task_workers: int = 2, store_url: str | None = None,
               store_graph: str | None = None, body_timeout: float = 10.0, worker_memory_bytes: int = 2 << 30,
               base_url: str = "http://localhost:8000", max_requests: int = 512):
    from . import KB_GRAPH

    tasks = Lane("task", task_workers, timeout, max_result_bytes, worker_memory_bytes)
    queries = (RemoteQueries(store_url, store_graph or KB_GRAPH, timeout, max_result_bytes) if store_url
               else Lane("query", workers, timeout, max_result_bytes, worker_memory_bytes))
    endpoint = LocalEndpoint(queries, tasks)

    # the store's state, probed every STORE_PROBE_SECONDS when the knowledge comes from a store:
    # /healthz shows it, and an answer says when it comes from the copy read at start while the
    # store is unreachable
    store_state: dict = {}

    async def watch_store() -> None:
        from . import store

        while True:
            url, graph = str(store_url), store_graph or KB_GRAPH
            store_state.update(await asyncio.get_running_loop().run_in_executor(None, lambda: store.probe(url, graph)))
            await asyncio.sleep(STORE_PROBE_SECONDS)

    @asynccontextmanager
    async def lifespan(app):
        from . import store
        from .query_guard import warm

        store.load()  # the service description counts its triples; workers hold their own copies
        warm()        # the SERVICE check's parser, imported now rather than on a first request
        await endpoint.start()
        watcher = asyncio.create_task(watch_store()) if store_url else None
        yield
        if watcher:
            watcher.cancel()
        await endpoint.stop()

    def knowledge_headers() -> dict[str, str]:
        if not store_url:
            return {}
        if store_state.get("reachable") is False:
            return {"X-IGS-KG-Knowledge": "copy read at start; the store is unreachable"}
        return {"X-IGS-KG-Knowledge": "store"}

    app = FastAPI(title="igs-kg", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Knowledge graph and expert system for inter-municipal cooperation (IGS) in the Netherlands.")
    if cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type", "Accept"])

    def error(status: int, message: str):
        return JSONResponse(error_text.body(message), status_code=status)

    app.add_middleware(GuardMiddleware, max_body_bytes=max_body_bytes, max_requests=max_requests)

    @app.exception_handler(IgsError)
    async def igs_error(_request, exc: IgsError):
        return error(400, str(exc))

    @app.exception_handler(ProtocolError)
    async def protocol_error(_request, exc: ProtocolError):
        return error(exc.status, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request, exc: StarletteHTTPException):  # 404, 405 and the like: the same {"error"} body
        message = {404: "no such path", 405: "method not allowed"}.get(exc.status_code, str(exc.detail))
        return JSONResponse(error_text.body(message), status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", ()) if x not in ("query", "body"))
        return error(400, f"{where}: {first.get('msg', 'invalid')}" if where else "invalid request")

    async def body_text(request: Request) -> str:
        """The body, at most max_body_bytes, within body_timeout seconds (a client that trickles
        its body cannot hold a connection open), as UTF-8."""
        chunks, size = [], 0
        loop = asyncio.get_running_loop()
        deadline = loop.time() + body_timeout
        stream = request.stream().__aiter__()
        while True:
            try:
                chunk = await asyncio.wait_for(stream.__anext__(), max(0.0, deadline - loop.time()))
            except StopAsyncIteration:
                break
            except asyncio.TimeoutError:
                raise ProtocolError(408, f"the request body did not arrive within {body_timeout:g} s") from None
            size += len(chunk)
            if size > max_body_bytes:
                raise ProtocolError(413, f"the request body is larger than {max_body_bytes // 1000} kB")
            chunks.append(chunk)
        try:
            return b"".join(chunks).decode("utf-8")
        except UnicodeDecodeError:
            raise ProtocolError(400, "the request body is not UTF-8") from None

    def query_params(raw: str) -> dict[str, list[str]]:
        try:
            params = parse_qs(raw, keep_blank_values=True, errors="strict", max_num_fields=MAX_PARAMS)
        except UnicodeDecodeError:
            raise ProtocolError(400, "the query string is not UTF-8") from None
        except ValueError:
            raise ProtocolError(400, f"more than {MAX_PARAMS} parameters") from None
        return params

    def accept_of(request: Request, params: dict[str, list[str]]) -> str | None:
        return accept_for(request.headers.get("accept"), params.get("format", []) + params.get("output", []))

    def single(params: dict[str, list[str]], key: str) -> str | None:
        values = params.get(key)
        if not values:
            return None
        if len(values) > 1:
            raise ProtocolError(400, f"'{key}' is given {len(values)} times; give it once")
        return values[0]

    # ------------------------------------------------------------------ SPARQL

    async def sparql_response(request: Request, query: str | None, params: dict[str, list[str]]) -> Response:
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            raise ProtocolError(400, "default-graph-uri and named-graph-uri are not supported: this endpoint has one dataset")
        accept = accept_of(request, params)
        if query is None:
            from . import store

            media = negotiate(accept, GRAPH_TYPES, "text/turtle")
            # the configured address, never the request's Host header (which a client chooses)
            sd = SERVICE_DESCRIPTION.format(endpoint=base_url.rstrip("/") + "/sparql", triples=store.load().triple_count)
            if media == "text/turtle":
                return Response(sd, media_type="text/turtle")
            import pyoxigraph as ox

            triples = [q.triple for q in ox.parse(sd.encode(), ox.RdfFormat.TURTLE)]
            return Response(ox.serialize(triples, format=getattr(ox.RdfFormat, GRAPH_TYPES[media])), media_type=media)
        check_query(query)
        media, payload = await endpoint.run(query, accept)
        return Response(payload, media_type=media)

    @app.get("/sparql", summary="SPARQL 1.1 query (GET ?query=); a bare GET gives the service description")
    async def sparql_get(request: Request):
        params = query_params(str(request.url.query))
        if "update" in params:
            raise ProtocolError(403, READ_ONLY)
        return await sparql_response(request, single(params, "query"), params)

    @app.post("/sparql", summary="SPARQL 1.1 query (POST form or application/sparql-query)")
    async def sparql_post(request: Request):
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        params = query_params(str(request.url.query))
        text = await body_text(request)
        if ctype == "application/sparql-update" or "update" in params:
            raise ProtocolError(403, READ_ONLY)
        if ctype == "application/sparql-query":
            if "query" in params:
                raise ProtocolError(400, "the query is in the body; do not give 'query' in the URL too")
            return await sparql_response(request, text, params)
        if ctype == "application/x-www-form-urlencoded":
            form = query_params(text)
            if "update" in form:
                raise ProtocolError(403, READ_ONLY)
            if "query" not in form:
                raise ProtocolError(400, "the form has no 'query' field")
            if "query" in params:
                raise ProtocolError(400, "the query is in the form; do not give 'query' in the URL too")
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
            return await sparql_response(request, single(form, "query"), params)
        raise ProtocolError(415, "send the query as application/sparql-query or as a form field 'query'")

    # ------------------------------------------------------------------ named queries

    @app.get("/queries", summary="The named queries with their parameters")
    def list_queries():
        from .queries import list_named_queries

        return [{"name": q.name, "title": q.title, "description": q.description, "sources": q.sources,
                 "parameters": [{"name": p.name, "type": p.type, "required": p.required, "description": p.description}
                                for p in q.params]} for q in list_named_queries()]

    @app.get("/queries/{name}", summary="Run a named query; its parameters come from the query string")
    async def run_query(name: str, request: Request):
        from .queries import check_named_query_name

        check_named_query_name(name)  # an InputError: 400, before a worker is asked
        params = query_params(str(request.url.query))
        given: dict[str, str] = {}
        for key in params:
            value = single(params, key)
            if key not in ("format", "output") and value is not None:
                given[key] = value
        accept = accept_of(request, params)
        media, payload = await endpoint.named(name, given, accept)
        return Response(payload, media_type=media)

    # ------------------------------------------------------------------ advice and validation

    def input_format(content_type: str | None) -> str:
        media = (content_type or "application/json").split(";")[0].strip().lower()
        fmt = INPUT_TYPES.get(media)
        if fmt is None:
            raise ProtocolError(415, f"send JSON, YAML, Turtle or JSON-LD, not {media[:80]}")
        return fmt

    @app.post("/advise", summary="Advice for a situation: the JSON of `igs-kg advise --format json`")
    async def advise(request: Request, lang: str = "nl", format: str = "json"):
        if format not in ("json", "text", "markdown"):
            raise ProtocolError(400, "format is json, text or markdown")
        if format != "json" and lang not in ("nl", "en"):  # JSON carries both languages
            raise ProtocolError(400, "lang is nl or en")
        fmt = input_format(request.headers.get("content-type"))
        text = await body_text(request)
        # Parsing, reasoning and rendering all happen in a worker, inside its limits: a hostile body
        # can end a worker (which is replaced), never the server.
        media, payload = await endpoint.task("advise", text, fmt, format, lang)
        return Response(payload, media_type=media, headers=knowledge_headers())

    @app.post("/draft", summary="The draft regeling for a proposal or situation: `igs-kg draft` (markdown, html, docx, odt)")
    async def draft(request: Request, lang: str = "nl", format: str = "html"):
        if format not in ("markdown", "html", "docx", "odt"):
            raise ProtocolError(400, "format is markdown, html, docx or odt")
        if lang not in ("nl", "en"):
            raise ProtocolError(400, "lang is nl or en")
        fmt = input_format(request.headers.get("content-type"))
        text = await body_text(request)
        media, payload = await endpoint.task("draft", text, fmt, format, lang)
        # a draft of a proposal that breaks the law is still a draft (it says so at the top); the header tells a client
        conforms = "; igs-kg-conforms=false" not in media
        headers = {"X-IGS-KG-Conforms": "true" if conforms else "false"}
        if format in ("docx", "odt"):
            headers["Content-Disposition"] = f'attachment; filename="concept-regeling.{format}"'
        return Response(payload, media_type=media.replace("; igs-kg-conforms=false", ""), headers=headers)

    @app.post("/validate", summary="Validate a proposal: the JSON of `igs-kg validate --format json`")
    async def validate(request: Request):
        fmt = input_format(request.headers.get("content-type"))
        text = await body_text(request)
        media, payload = await endpoint.task("validate", text, fmt)
        return Response(payload, media_type=media)

    # ------------------------------------------------------------------ the graph itself

    @app.get("/ontology", summary="The knowledge graph (Turtle, JSON-LD, RDF/XML or N-Triples by Accept)")
    def ontology(request: Request):
        import pyoxigraph as ox

        from . import store
        from .store import PREFIXES

        media = negotiate(request.headers.get("accept"), GRAPH_TYPES, "text/turtle")
        fmt = getattr(ox.RdfFormat, GRAPH_TYPES[media])
        prefixes = None if media == "application/n-triples" else PREFIXES
        return Response(store.to_bytes(store.load().triples(), fmt, prefixes), media_type=media)

    @app.get("/context.jsonld", summary="The JSON-LD context of the input words (every key of a situation or proposal)")
    def input_context():
        from .inputs import context

        # a JSON-LD client sends its situation with this context inline (igs-kg never fetches one);
        # the page builds its form from it
        return JSONResponse({"@context": context()}, media_type="application/ld+json")

    @app.get("/healthz", summary="Liveness and what is loaded; with a store, its reachability and triple count")
    def healthz():
        from . import rules, store

        kg = store.load()
        out = {"status": "ok", "version": __version__, "triples": kg.triple_count,
               "rules": len(rules.load_rules().rules), "store": store_url or "embedded",
               "workers": {"query": getattr(queries, "size", 0), "task": tasks.size, "pids": endpoint.pids(),
                           "network_isolated": bool(tasks.isolated) and getattr(queries, "isolated", True) is not False}}
        if store_url:
            state = store.probe(store_url, store_graph or KB_GRAPH)  # now, not the last watch
            store_state.update(state)
            out["store_state"] = {**state, "read_at_start": kg.triple_count}
            if not state["reachable"] or not state.get("triples"):
                out["status"] = "degraded"  # answers come from the copy read at start
        return out

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs():
        from .api_docs import page as docs_page

        return HTMLResponse(docs_page(app.openapi()))

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page(request: Request, lang: str | None = None):
        # the page's language: ?lang=nl|en, else the first of Accept-Language that we speak, else Dutch
        if lang is not None and lang not in ("nl", "en"):
            raise ProtocolError(400, "lang is nl or en")
        chosen = lang or page_language(request.headers.get("accept-language", ""))
        html = resources.files("igs_kg").joinpath("web/index.html").read_text(encoding="utf-8")
        html = html.replace('<span id="version"></span>', f'<span id="version">{__version__}</span>', 1)
        return HTMLResponse(html.replace('<html lang="nl">', f'<html lang="{chosen}" data-lang="{chosen}">', 1),
                            headers={"Content-Language": chosen, "Vary": "Accept-Language"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():
        return Response(FAVICON, media_type="image/svg+xml", headers={"Cache-Control": "max-age=86400"})

    @app.get("/toegankelijkheid", response_class=HTMLResponse, include_in_schema=False)
    def accessibility():
        return HTMLResponse(resources.files("igs_kg").joinpath("web/toegankelijkheid.html").read_text(encoding="utf-8"))

    return app


# two linked squares: cooperation, in the page's blue
FAVICON = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1f5a96"/>'
           b'<rect x="6" y="9" width="11" height="11" rx="2" fill="#fff"/><rect x="15" y="13" width="11" height="11" rx="2" '
           b'fill="none" stroke="#fff" stroke-width="2.5"/></svg>')


def page_language(accept: str) -> str:
    """nl or en from an Accept-Language header, by its q-values (RFC 9110); Dutch when neither."""
    best, best_q = "nl", -1.0
    for part in accept.split(",")[:20]:
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in ("nl", "en") and q > best_q:
            best, best_q = primary, q
    return best


MAX_HEADER_BYTES = 16_384      # the request line and headers together


class GuardMiddleware:
    """Pure ASGI (cheaper than BaseHTTPMiddleware on every request): refuses a request without
    exactly one Host header (RFC 9112 §3.2) or with headers over MAX_HEADER_BYTES, a body announced
    as too large, and more than `max_requests` requests in progress (503; idle connections do not
    count), and turns any unforeseen error into a generic 500 without a trace."""

    def __init__(self, app, max_body_bytes: int, max_requests: int = 512):
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_requests = max_requests
        self.in_progress = 0

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = scope.get("headers", [])
        hosts = sum(1 for name, _ in headers if name == b"host")
        if hosts > 1 or (hosts == 0 and scope.get("http_version") == "1.1"):
            return await self._json(send, 400, "a request has exactly one Host header")
        if sum(len(n) + len(v) + 4 for n, v in headers) > MAX_HEADER_BYTES:
            return await self._json(send, 431, f"the request headers are larger than {MAX_HEADER_BYTES // 1024} kB")
        for name, value in headers:
            if name == b"content-length" and value.isdigit() and int(value) > self.max_body_bytes:
                return await self._json(send, 413, f"the request body is larger than {self.max_body_bytes // 1000} kB")
        if self.in_progress >= self.max_requests:
            return await self._json(send, 503, "the service is busy; try again shortly")
        self.in_progress += 1
        started = False

        async def tracking_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:  # anything unforeseen: a generic message, never a trace
            if not started:
                await self._json(send, 500, "internal error")
        finally:
            self.in_progress -= 1

    @staticmethod
    async def _json(send, status: int, message: str) -> None:
        body = json.dumps(error_text.body(message)).encode()
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


def serve(host: str, port: int, header_timeout: float = 10.0, max_connections: int = 512, **options) -> None:
    """Run the service. The socket is bound here first, so a port in use or not allowed is one
    clear error before anything says 'serving'."""
    import socket

    import uvicorn

    from .errors import IgsError

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise IgsError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    except (OverflowError, socket.gaierror) as exc:
        sock.close()
        raise IgsError(f"cannot listen on {host}:{port}: {exc}") from None
    sock.listen(1024)
    # uvicorn's limit_concurrency counts idle sockets too, so a thousand silent connections would
    # make every request 503: requests in progress are limited by the GuardMiddleware instead, and
    # the protocol closes the longest-idle connection when a new one would pass max_connections
    options.setdefault("base_url", f"http://{'[' + host + ']' if ':' in host else host}:{port}")
    options.setdefault("max_requests", max_connections)
    config = uvicorn.Config(create_app(**options), log_level="warning", http=_protocol(header_timeout, max_connections),
                            timeout_keep_alive=5, limit_concurrency=None, h11_max_incomplete_event_size=MAX_HEADER_BYTES)
    print(f"igs-kg serving on http://{host}:{port}/ (SPARQL at /sparql)", file=sys.stderr, flush=True)
    uvicorn.Server(config).run(sockets=[sock])


def _protocol(header_timeout: float, max_connections: int = 512):
    """uvicorn's HTTP protocol with a deadline for the request line and headers (a client that
    trickles its headers, slowloris, is cut off after header_timeout seconds; uvicorn times out
    idle keep-alive connections, not a request still arriving), a bound on their size (httptools
    has none of its own), and at most max_connections sockets: past it the one idle longest is
    closed to make room, so idle sockets cannot keep a request out."""
    from uvicorn.protocols.http.auto import AutoHTTPProtocol

    class HeaderDeadline(AutoHTTPProtocol):  # type: ignore[misc, valid-type]
        _deadline = None
        _head = 0          # bytes of the request line and headers received so far
        _since = 0.0       # when the connection last became idle

        def _arm(self) -> None:
            self._disarm()
            self._deadline = self.loop.call_later(header_timeout, self._expire)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None
            self._head = 0

        def _expire(self) -> None:
            if not self.transport.is_closing():
                self.transport.close()

        def idle(self) -> bool:
            return self._head == 0 and (self.cycle is None or self.cycle.response_complete)

        def connection_made(self, transport) -> None:
            super().connection_made(transport)
            self._since = self.loop.time()
            if len(self.connections) > max_connections:
                idle = [c for c in self.connections if c is not self and isinstance(c, HeaderDeadline) and c.idle()]
                if idle:
                    min(idle, key=lambda c: c._since).transport.close()
                else:  # every connection is busy: this one waits its turn at the door
                    self.transport.close()
                    return
            self._arm()

        def data_received(self, data: bytes) -> None:
            if self._deadline is None and (self.cycle is None or self.cycle.response_complete):
                self._arm()  # a new request on a kept-alive connection
            if self._deadline is not None:
                self._head += len(data)
            super().data_received(data)
            if self._deadline is not None and self._head > MAX_HEADER_BYTES and not self.transport.is_closing():
                body = b'{"error": "the request headers are larger than 16 kB"}'  # and still not complete
                self.transport.write(b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: application/json\r\n"
                                     b"content-length: " + str(len(body)).encode() + b"\r\nconnection: close\r\n\r\n" + body)
                self._disarm()
                self.transport.close()

        def on_headers_complete(self) -> None:
            self._disarm()
            super().on_headers_complete()

        def handle_events(self) -> None:  # h11: headers are complete once a request is being handled
            super().handle_events()
            if self.cycle is not None and not self.cycle.response_complete:
                self._disarm()

        def on_response_complete(self) -> None:
            self._since = self.loop.time()
            super().on_response_complete()

        def connection_lost(self, exc) -> None:
            self._disarm()
            super().connection_lost(exc)

    return HeaderDeadline
