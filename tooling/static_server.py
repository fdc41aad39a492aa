"""A plain static file server for the built site, as any host would serve it.

Used by the browser tests and the benchmark; also handy by hand:
``python -m tooling.static_server site --port 8001 [--prefix /book/] [--isolated]``.

* ``.wasm`` is served as ``application/wasm`` (needed for streaming compile);
* ``--prefix`` serves the site under a sub-path, as on a shared host;
* ``--isolated`` adds COOP/COEP headers, making the page cross-origin
  isolated (SharedArrayBuffer, so Stop can interrupt Python in place);
* ``log=True`` (tests, benchmark) keeps every body served, ``(path, bytes)``,
  in ``server.served``: a 304 or a HEAD sends none and is not counted.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".mjs": "text/javascript",
                      ".js": "text/javascript", ".json": "application/json",
                      ".whl": "application/octet-stream", ".zip": "application/zip"}
    prefix = "/"
    isolated = False
    missing: tuple = ()
    served: list | None = None

    def translate_path(self, path):
        if not path.startswith(self.prefix) or path.rsplit("/", 1)[-1] in self.missing:
            return str(Path(self.directory) / "__outside_prefix__")
        return super().translate_path("/" + path[len(self.prefix):])

    def end_headers(self):
        if self.isolated:
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
        super().end_headers()

    def copyfile(self, source, outputfile):
        if self.served is None:
            return super().copyfile(source, outputfile)
        start = source.tell()
        try:
            super().copyfile(source, outputfile)
        finally:   # what was sent, also when the browser closed the connection early
            self.served.append((self.path.split("?", 1)[0], source.tell() - start))

    def log_message(self, *args):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a browser closing a connection early is not an error here


def start(directory, port=0, prefix="/", isolated=False, missing=(), log=False):
    """Serve ``directory`` on 127.0.0.1 in a thread; return (server, base_url).

    ``missing``: file names answered with 404, to test a broken host;
    ``log``: keep the bodies served in ``server.served`` (a list of (path, bytes))."""
    handler = type("SiteHandler", (Handler,),
                   {"prefix": prefix, "isolated": isolated, "missing": tuple(missing),
                    "served": [] if log else None})
    server = QuietServer(("127.0.0.1", port), functools.partial(handler, directory=str(directory)))
    server.served = handler.served
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


if __name__ == "__main__":
    import argparse
    p = argparse.ArgumentParser(description="Serve the built site.")
    p.add_argument("directory", nargs="?", default="site")
    p.add_argument("--port", type=int, default=8001)
    p.add_argument("--prefix", default="/")
    p.add_argument("--isolated", action="store_true")
    a = p.parse_args()
    srv, url = start(a.directory, a.port, a.prefix, a.isolated)
    print(f"serving {a.directory} at {url}")
    threading.Event().wait()
