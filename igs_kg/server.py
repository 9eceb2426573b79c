"""`igs-kg serve`: the HTTP service (FastAPI).

/sparql       SPARQL 1.1 Protocol, read-only, over the knowledge graph
/queries      the named queries; /queries/{name}?param=value
/advise       POST a situation (JSON, YAML, Turtle or JSON-LD): the advice JSON of CONTRACT.md
/validate     POST a proposal: the validation JSON of CONTRACT.md
/ontology     the knowledge graph, content-negotiated (Turtle, JSON-LD, RDF/XML, N-Triples)
/healthz      liveness and what is loaded
/openapi.json the OpenAPI document
/             a page for people (no external resources)

Errors are one JSON object {"error": "..."} with a 4xx status for the client's mistakes and a
generic message for anything else (no stack traces, no paths)."""

from __future__ import annotations

import json
from contextlib import asynccontextmanager
from importlib import resources
from urllib.parse import parse_qs

from fastapi import FastAPI, Request  # module level: FastAPI resolves the annotations of the endpoints here
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, JSONResponse, Response

from . import __version__
from .errors import IgsError, InputError
from .sparql_endpoint import (FORMAT_PARAM, GRAPH_TYPES, SERVICE_DESCRIPTION, ProtocolError, RemoteEndpoint, WorkerPool,
                              check_query, negotiate, write_result)

READ_ONLY = "this endpoint is read-only: SPARQL Update is not accepted"
INPUT_TYPES = {"application/json": "json", "application/yaml": "yaml", "application/x-yaml": "yaml", "text/yaml": "yaml",
               "text/turtle": "turtle", "application/ld+json": "jsonld"}


def create_app(*, timeout: float = 5.0, max_result_bytes: int = 20_000_000, max_body_bytes: int = 1_000_000,
               cors_origins: tuple[str, ...] = (), workers: int = 2, store_url: str | None = None):
    endpoint = RemoteEndpoint(store_url, timeout, max_result_bytes) if store_url else WorkerPool(workers, timeout, max_result_bytes)

    @asynccontextmanager
    async def lifespan(app):
        from . import advice, store, validate

        store.load()  # the knowledge, the rules and the shapes are ready before the first request
        advice.vocabulary()
        validate.fast_validator()
        await endpoint.start()
        yield
        await endpoint.stop()

    app = FastAPI(title="igs-kg", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Knowledge graph and expert system for inter-municipal cooperation (IGS) in the Netherlands.")
    if cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type", "Accept"])

    def error(status: int, message: str):
        return JSONResponse({"error": message}, status_code=status)

    app.add_middleware(GuardMiddleware, max_body_bytes=max_body_bytes)

    @app.exception_handler(IgsError)
    async def igs_error(_request, exc: IgsError):
        return error(400, str(exc))

    @app.exception_handler(ProtocolError)
    async def protocol_error(_request, exc: ProtocolError):
        return error(exc.status, exc.message)

    async def body_text(request: Request) -> str:
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > max_body_bytes:
                raise ProtocolError(413, f"the request body is larger than {max_body_bytes // 1000} kB")
            chunks.append(chunk)
        try:
            return b"".join(chunks).decode("utf-8")
        except UnicodeDecodeError:
            raise ProtocolError(400, "the request body is not UTF-8") from None

    # ------------------------------------------------------------------ SPARQL

    async def sparql_response(request: Request, query: str | None, params: dict) -> Response:
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            raise ProtocolError(400, "default-graph-uri and named-graph-uri are not supported: this endpoint has one dataset")
        if query is None:
            from . import store

            media = negotiate(request.headers.get("accept"), GRAPH_TYPES, "text/turtle")
            sd = SERVICE_DESCRIPTION.format(endpoint=str(request.url).split("?")[0], triples=store.load().triple_count)
            if media == "text/turtle":
                return Response(sd, media_type="text/turtle")
            import pyoxigraph as ox

            triples = [q.triple for q in ox.parse(sd.encode(), ox.RdfFormat.TURTLE)]
            return Response(ox.serialize(triples, format=getattr(ox.RdfFormat, GRAPH_TYPES[media])), media_type=media)
        check_query(query)
        accept = request.headers.get("accept")
        fmt = params.get("format")
        if fmt:
            if fmt not in FORMAT_PARAM:
                raise ProtocolError(400, f"unknown format '{fmt}' (known: {', '.join(FORMAT_PARAM)})")
            accept = FORMAT_PARAM[fmt]
        media, payload = await endpoint.run(query, accept)
        return Response(payload, media_type=media)

    def _first(values: dict, key: str) -> str | None:
        v = values.get(key)
        return v[0] if v else None

    @app.get("/sparql", summary="SPARQL 1.1 query (GET ?query=); a bare GET gives the service description")
    async def sparql_get(request: Request):
        params = {k: v[0] for k, v in parse_qs(str(request.url.query), keep_blank_values=True).items()}
        if "update" in params:
            raise ProtocolError(403, READ_ONLY)
        return await sparql_response(request, params.get("query"), params)

    @app.post("/sparql", summary="SPARQL 1.1 query (POST form or application/sparql-query)")
    async def sparql_post(request: Request):
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        params = {k: v[0] for k, v in parse_qs(str(request.url.query), keep_blank_values=True).items()}
        text = await body_text(request)
        if ctype == "application/sparql-update":
            raise ProtocolError(403, READ_ONLY)
        if ctype == "application/sparql-query":
            return await sparql_response(request, text, params)
        if ctype == "application/x-www-form-urlencoded":
            form = parse_qs(text, keep_blank_values=True)
            if "update" in form:
                raise ProtocolError(403, READ_ONLY)
            params.update({k: v[0] for k, v in form.items()})
            if "query" not in form:
                raise ProtocolError(400, "the form has no 'query' field")
            return await sparql_response(request, _first(form, "query"), params)
        raise ProtocolError(415, "send the query as application/sparql-query or as a form field 'query'")

    # ------------------------------------------------------------------ named queries

    @app.get("/queries", summary="The named queries with their parameters")
    def list_queries():
        from .queries import list_named_queries

        return [{"name": q.name, "title": q.title, "description": q.description, "sources": q.sources,
                 "parameters": [{"name": p.name, "type": p.type, "required": p.required, "description": p.description}
                                for p in q.params]} for q in list_named_queries()]

    @app.get("/queries/{name}", summary="Run a named query; its parameters come from the query string")
    def run_query(name: str, request: Request):
        from . import queries

        if not name.replace("-", "").isalnum():
            raise InputError(f"no named query '{name}'")
        q = queries.load_named_query(name)
        given = {k: v for k, v in request.query_params.items() if k != "format"}
        results = queries.run(q, given)
        accept = FORMAT_PARAM.get(request.query_params.get("format", ""), request.headers.get("accept"))
        media, payload = write_result(results, accept)
        return Response(payload, media_type=media)

    # ------------------------------------------------------------------ advice and validation

    def input_format(content_type: str | None) -> str:
        media = (content_type or "application/json").split(";")[0].strip().lower()
        fmt = INPUT_TYPES.get(media)
        if fmt is None:
            raise ProtocolError(415, f"send JSON, YAML, Turtle or JSON-LD, not {media}")
        return fmt

    def read_situation(text: str, content_type: str | None, strict: bool):
        from . import inputs

        return inputs.parse_text(text, "request", input_format(content_type), strict=strict)

    @app.post("/advise", summary="Advice for a situation: the JSON of `igs-kg advise --format json`")
    async def advise(request: Request, lang: str = "nl", format: str = "json"):
        from starlette.concurrency import run_in_threadpool

        from . import advice as advice_mod, render

        if format not in ("json", "text", "markdown"):
            raise ProtocolError(400, "format is json, text or markdown")
        if format != "json" and lang not in ("nl", "en"):  # JSON carries both languages
            raise ProtocolError(400, "lang is nl or en")
        text = await body_text(request)
        if format == "json":  # in a worker process: advice is CPU-bound, two workers use two cores
            media, payload = await endpoint.task("advise", text, input_format(request.headers.get("content-type")))
            return Response(payload, media_type=media)
        situation = read_situation(text, request.headers.get("content-type"), strict=True)
        result = await run_in_threadpool(advice_mod.advise, situation)
        if format == "markdown":
            return Response(render.to_markdown(result, situation, lang), media_type="text/markdown; charset=utf-8")
        return Response(render.to_text(result, situation, lang), media_type="text/plain; charset=utf-8")

    @app.post("/validate", summary="Validate a proposal: the JSON of `igs-kg validate --format json`")
    async def validate(request: Request):
        text = await body_text(request)
        media, payload = await endpoint.task("validate", text, input_format(request.headers.get("content-type")))
        return Response(payload, media_type=media)

    # ------------------------------------------------------------------ the graph itself

    @app.get("/ontology", summary="The knowledge graph (Turtle, JSON-LD, RDF/XML or N-Triples by Accept)")
    def ontology(request: Request):
        import pyoxigraph as ox

        from . import store
        from .store import PREFIXES

        media = negotiate(request.headers.get("accept"), GRAPH_TYPES, "text/turtle")
        fmt = getattr(ox.RdfFormat, GRAPH_TYPES[media])
        kwargs = {} if media == "application/n-triples" else {"prefixes": PREFIXES}
        return Response(ox.serialize(store.load().triples(), format=fmt, **kwargs), media_type=media)

    @app.get("/healthz", summary="Liveness and what is loaded")
    def healthz():
        from . import rules, store

        return {"status": "ok", "version": __version__, "triples": store.load().triple_count,
                "rules": len(rules.load_rules().rules), "store": store_url or "embedded"}

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page():
        return HTMLResponse(resources.files("igs_kg").joinpath("web/index.html").read_text(encoding="utf-8"))

    return app


class GuardMiddleware:
    """Pure ASGI (cheaper than BaseHTTPMiddleware on every request): refuses a body announced as
    too large, and turns any unforeseen error into a generic 500 without a trace."""

    def __init__(self, app, max_body_bytes: int):
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > self.max_body_bytes:
                return await self._json(send, 413, f"the request body is larger than {self.max_body_bytes // 1000} kB")
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

    @staticmethod
    async def _json(send, status: int, message: str) -> None:
        body = json.dumps({"error": message}).encode()
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


def serve(host: str, port: int, **options) -> None:
    import uvicorn

    uvicorn.run(create_app(**options), host=host, port=port, log_level="warning")
