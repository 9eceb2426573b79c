"""/docs: the HTTP API as a page for people, built from the service's own OpenAPI document. Self
contained (no Swagger UI from a CDN: the service never makes a browser fetch from elsewhere), every
text escaped."""

from __future__ import annotations

import html


def page(openapi: dict) -> str:
    e = html.escape
    rows = []
    for path, methods in sorted(openapi.get("paths", {}).items()):
        for method, op in methods.items():
            params = [f"<code>{e(p.get('name', ''))}</code>" + (f" ({e(str(p.get('schema', {}).get('default')))})"
                                                              if "default" in p.get("schema", {}) else "")
                      for p in op.get("parameters", [])]
            body = ", ".join(e(t) for t in (op.get("requestBody", {}).get("content") or {}))
            rows.append(f"<tr><td><code>{e(method.upper())}</code></td><td><code>{e(path)}</code></td>"
                        f"<td>{e(op.get('summary', ''))}</td><td>{', '.join(params)}</td><td>{body}</td></tr>")
    info = openapi.get("info", {})
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{e(info.get('title', 'igs-kg'))} API</title><style>"
            "body{font-family:system-ui,sans-serif;margin:1rem auto;max-width:70rem;padding:0 1rem;line-height:1.4}"
            "table{border-collapse:collapse;width:100%}td,th{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;"
            "vertical-align:top}@media(max-width:40rem){td,th{display:block;border:0}tr{border-bottom:1px solid #bbb;"
            "display:block}}</style></head><body><main>"
            f"<h1>{e(info.get('title', 'igs-kg'))} {e(info.get('version', ''))}: the HTTP API</h1>"
            f"<p>{e(info.get('description', ''))} The machine-readable document: <a href=\"/openapi.json\">/openapi.json</a>.</p>"
            "<table><thead><tr><th scope=\"col\">method</th><th scope=\"col\">path</th><th scope=\"col\">what</th>"
            "<th scope=\"col\">parameters</th><th scope=\"col\">body</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table></main></body></html>\n")
