"""``kg serve``: the embedded store as a read-only SPARQL 1.1 Protocol endpoint.

Oxigraph's own server (``oxigraph serve-read-only``, from the ``oxigraph`` PyPI package) does
the SPARQL work — query evaluation, content negotiation, the YASGUI query page — as a child
process on a loopback port. A thin proxy in front of it, the only port clients see, adds what
that server lacks:

* a **result-size limit**: the answer is parsed as it streams in and counted (rows, or
  triples); past the limit the upstream connection is dropped and the client gets a 400 that
  says so. Within the limit the client gets Oxigraph's bytes unchanged;
* a **timeout that stops the query**: Oxigraph cancels a query at ``--timeout-s`` only where its
  evaluation checks for it, and then still answers 200 with the error text at the end of the
  body; a sort or an aggregate over a large join runs on regardless (measured: a 4-way join
  count on the seed store went on for more than 30 s with a 1 s timeout). The proxy answers
  503 at the deadline and, when Oxigraph has not stopped by itself within a second, restarts the
  child, which is the only way to stop it (queries in flight are retried once);
* **UPDATE refused** in every form (``/update``, ``application/sparql-update``, ``update=``, an
  update sent as ``query=``) with 403;
* the query, the UI and nothing else (Oxigraph's Graph Store endpoint would bypass the limit).

With neither limit nor timeout the answer streams through unparsed.
"""

from __future__ import annotations

import contextlib
import http.client
import re
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Protocol

from .errors import KGError, StoreError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30
DEFAULT_LIMIT = 10_000
OXIGRAPH_DIR = "oxigraph"  # the Oxigraph database inside a store folder (see kg/store.py)
QUERY_PATHS = ("/query", "/sparql")
UI_PATHS = ("/", "/yasgui.min.js", "/yasgui.min.css", "/logo.svg")
CANCELLED = b"The SPARQL operation has been cancelled"
GRACE = 1.0  # seconds Oxigraph gets, past the timeout, to stop a query by itself
MAX_BODY = 16 * 1024 * 1024
FORMATS = {
    "json": "application/sparql-results+json, application/ld+json",
    "xml": "application/sparql-results+xml, application/rdf+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "json-ld": "application/ld+json",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "n-triples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "rdf+xml": "application/rdf+xml",
}
DEFAULT_ACCEPT = "application/sparql-results+json, text/turtle"  # for no Accept, or */*
UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
READ_ONLY = ("this endpoint is read-only: SPARQL Update is refused (kg serve serves the store "
             "read-only; change it with kg ingest, import or drop while no server runs)")


# ------------------------------------------------------------------ finding things


def find_oxigraph() -> str:
    """The ``oxigraph`` server program: beside this Python (its virtualenv), else on PATH."""
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if not found:
        raise KGError("kg serve needs Oxigraph's server program `oxigraph`, which is not installed: "
                      "run `pip install oxigraph` in this environment")
    return found


def oxigraph_location(location: str | Path) -> Path:
    """The Oxigraph database of the embedded store at ``location``, checked by opening the store
    (a missing store, a folder that is not one, a store in use are :class:`StoreError`)."""
    from .store import open_store

    text = str(location)
    if re.match(r"(?i)^[a-z][a-z0-9+.-]*://", text):
        raise StoreError(f"kg serve serves an embedded store folder, and {text} is a URL: a SPARQL "
                         "server is an endpoint already, point clients at it")
    open_store(text).close()
    return Path(text) / OXIGRAPH_DIR


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _die_with_parent() -> None:
    """In the child, before exec (Linux): be killed when ``kg serve`` dies, even by SIGKILL."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


# ------------------------------------------------------------------ the Oxigraph child


class Oxigraph:
    """``oxigraph serve-read-only`` on a free loopback port, restartable. Start and restart it
    from one long-lived thread (the main one): on Linux the child dies with that thread."""

    def __init__(self, binary: str, location: Path, timeout: int) -> None:
        self.binary = binary
        self.location = location
        self.timeout = timeout
        self.port = 0
        self.generation = 0  # counts starts; a request knows which child it talked to
        self.ready = False
        self.process: Any = None
        self._wanted_restart = -1
        self._changed = threading.Condition()

    def command(self, port: int) -> list[str]:
        command = [self.binary, "serve-read-only", "--location", str(self.location),
                   "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
        return command + (["--timeout-s", str(self.timeout)] if self.timeout else [])

    def start(self) -> None:
        """Start the child and wait until it listens; a child that exits is a :class:`KGError`
        with its message."""
        import subprocess

        last = ""
        for _ in range(3):  # the free port can be taken between the probe and the bind
            port = _free_port()
            with tempfile.TemporaryFile() as errors:
                process = subprocess.Popen(self.command(port), stdin=subprocess.DEVNULL,
                                           stdout=subprocess.DEVNULL, stderr=errors, start_new_session=True,
                                           preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
                if _wait_listening(process, port, deadline=time.monotonic() + 20):
                    with self._changed:
                        self.process, self.port, self.ready = process, port, True
                        self.generation += 1
                        self._changed.notify_all()
                    return
                process.kill()
                process.wait()
                errors.seek(0)
                last = errors.read().decode("utf-8", "replace").strip()
            if "address" not in last.lower():
                break
        raise KGError(f"Oxigraph's server did not start on {self.location}: {last or 'no message'}")

    def stop(self) -> None:
        import subprocess

        with self._changed:
            self.ready = False
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:  # a child that ignores SIGTERM is killed
                self.process.kill()
                self.process.wait()

    def request_restart(self, generation: int) -> None:
        """Ask the supervising thread to restart the child that ran a query past its deadline."""
        with self._changed:
            if generation == self.generation:
                self._wanted_restart = generation

    def supervise(self) -> str | None:
        """Restart the child if asked or if it died; says what it did (None: nothing)."""
        with self._changed:
            wanted = self._wanted_restart == self.generation
        died = self.process is not None and self.process.poll() is not None
        if not (wanted or died):
            return None
        old = self.process.pid
        self.stop()
        self.start()
        reason = "a query ran past the timeout" if wanted else "it had exited"
        return f"restarted Oxigraph's server (pid {old} -> {self.process.pid}): {reason}"

    def current(self, newer_than: int, deadline: float | None) -> tuple[int, int] | None:
        """The generation and port of a running child newer than ``newer_than``, waiting for one
        until the deadline (None when none came)."""
        def fresh() -> bool:
            return self.ready and self.generation > newer_than

        with self._changed:
            timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not self._changed.wait_for(fresh, timeout):
                return None
            return self.generation, self.port

    def alive(self, generation: int) -> bool:
        """Whether the child of that generation still runs (a dying one is given half a second)."""
        import subprocess

        process = self.process
        if self.generation != generation or process is None:
            return False
        try:
            process.wait(0.5)
        except subprocess.TimeoutExpired:
            return True
        return False


def _wait_listening(process: Any, port: int, deadline: float) -> bool:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
        time.sleep(0.05)
    return False


# ------------------------------------------------------------------ reading the answer


class Reply(Exception):
    """An answer to send: a status, a content type and a body (raised to end a request early)."""

    def __init__(self, status: int, body: bytes | str, content_type: str = "text/plain; charset=utf-8") -> None:
        super().__init__(status)
        self.status = status
        self.body = (body if isinstance(body, bytes) else (body.rstrip("\n") + "\n").encode("utf-8"))
        self.content_type = content_type


class Timeout(Exception):
    """The deadline passed while waiting for Oxigraph's child of this generation (0: none)."""

    def __init__(self, generation: int = 0) -> None:
        super().__init__(generation)
        self.generation = generation


class Interrupted(Exception):
    """Oxigraph's child of this generation died under a request (restarted, or crashed)."""

    def __init__(self, generation: int) -> None:
        super().__init__(generation)
        self.generation = generation


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class DeadlineReader:
    """A readable file over Oxigraph's HTTP answer that keeps what it read and fails with
    :class:`Timeout` once the deadline passes."""

    def __init__(self, response: http.client.HTTPResponse, sock: socket.socket | None, deadline: float | None,
                 generation: int) -> None:
        self.response = response
        self.sock = sock
        self.deadline = deadline
        self.generation = generation
        self.kept = bytearray()

    def read(self, size: int = -1) -> bytes:
        if self.deadline is not None and self.sock is not None:
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                raise Timeout(self.generation)
            self.sock.settimeout(remaining)
        try:
            data = self.response.read1(65536 if size is None or size < 0 else min(size, 1 << 20))
        except TimeoutError as exc:
            raise Timeout(self.generation) from exc
        self.kept += data
        return data

    def readable(self) -> bool:
        return True

    def drain(self) -> None:
        while self.read():
            pass


def count_items(reader: DeadlineReader, media_type: str, cap: int) -> int:
    """Rows (SELECT) or triples (CONSTRUCT, DESCRIBE) of the answer, read as it streams in,
    stopping at ``cap`` + 1. An ASK counts 0. A format that cannot be counted is read whole."""
    import pyoxigraph as ox

    if media_type == "text/csv":
        return count_csv_records(reader, cap)
    results = ox.QueryResultsFormat.from_media_type(media_type)
    if results is not None:
        parsed = ox.parse_query_results(reader, results)
        items: Iterator[Any] = iter(parsed) if isinstance(parsed, ox.QuerySolutions) else iter(())
    else:
        rdf = ox.RdfFormat.from_media_type(media_type)
        if rdf is None:
            reader.drain()
            return 0
        items = iter(ox.parse(reader, rdf))
    count = 0
    for _ in items:
        count += 1
        if count > cap:
            break
    return count


def count_csv_records(reader: Readable, cap: int) -> int:
    """Records after the header line of SPARQL CSV (line ends outside double quotes), read
    until there are more than ``cap``. An ASK's bare ``true`` counts 0."""
    lines, inside = 0, False
    while lines - 1 <= cap and (chunk := reader.read(65536)):
        for index, part in enumerate(chunk.split(b'"')):
            if index:
                inside = not inside
            if not inside:
                lines += part.count(b"\n")
    return max(0, lines - 1)


# ------------------------------------------------------------------ requests


def upstream_accept(format_values: list[str], accept: str | None) -> str:
    """The Accept header for Oxigraph: from ``format`` (or ``output``) parameters when given,
    short names or media types, else the client's own Accept header; JSON or Turtle when the
    client takes anything."""
    values = [v.strip().lower() for v in format_values if v.strip()]
    if not values:
        return accept if accept and accept.strip() not in {"", "*/*"} else DEFAULT_ACCEPT
    types = []
    for value in values:
        if "/" in value:
            types.append(value)
        elif value in FORMATS:
            types.append(FORMATS[value])
        else:
            raise Reply(400, f"unknown format {value!r}: use one of {', '.join(FORMATS)}, a media type, "
                             "or the Accept header")
    return ", ".join(types)


def is_update(sparql: str) -> bool:
    """Whether the text is a SPARQL Update (its first keyword after the prologue is one)."""
    text = re.sub(r"<[^>\s]*>", " ", sparql)
    text = re.sub(r"#[^\n]*", " ", text)
    text = re.sub(r"(?i)\b(PREFIX\s+[^\s:]*:|BASE)\s", " ", text)
    match = re.search(r"[A-Za-z]+", text)
    return bool(match) and match.group(0).upper() in UPDATE_KEYWORDS


@dataclass(frozen=True)
class Settings:
    """What the proxy enforces: seconds per query and rows (or triples) per answer; 0 = none."""

    timeout: int = DEFAULT_TIMEOUT
    limit: int = DEFAULT_LIMIT


class Proxy(ThreadingHTTPServer):
    """The front server: one thread per connection, the Oxigraph child behind."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], oxigraph: Oxigraph, settings: Settings) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, Handler)
        self.oxigraph = oxigraph
        self.settings = settings


class Handler(BaseHTTPRequestHandler):
    """The SPARQL 1.1 Protocol, query operation only (GET, POST form, POST sparql-query)."""

    server: Proxy
    protocol_version = "HTTP/1.1"
    server_version = "kg-serve"
    disable_nagle_algorithm = True  # headers and body go out at once (no 40 ms delayed-ACK stall)

    # -------------------------------------------------------------- HTTP methods
    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._answer(self._get)

    def do_POST(self) -> None:  # noqa: N802
        self._answer(self._post)

    def _answer(self, handle: Callable[[], None]) -> None:
        self._started = time.monotonic()
        try:
            handle()
        except Reply as reply:
            self._send(reply)
        except (Timeout, Interrupted):
            self._send(Reply(503, "Oxigraph's server is restarting; try again"))
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _get(self) -> None:
        path, query = self._split()
        if path == "/update":
            raise Reply(403, READ_ONLY)
        if path in QUERY_PATHS:
            self._query(urllib.parse.parse_qs(query, keep_blank_values=True))
        elif path in UI_PATHS:
            self._static(path)
        else:
            raise Reply(404, f"no such page: {path}; the query page is /, the SPARQL endpoint /query")

    def _post(self) -> None:
        path, query = self._split()
        body = self._body()
        media_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if path == "/update" or media_type == "application/sparql-update":
            raise Reply(403, READ_ONLY)
        if path not in QUERY_PATHS:
            raise Reply(404, f"no such endpoint: {path}; the SPARQL endpoint is /query")
        params = urllib.parse.parse_qs(query, keep_blank_values=True)
        if media_type == "application/x-www-form-urlencoded":
            for key, values in urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        elif media_type == "application/sparql-query":
            params["query"] = [body.decode("utf-8", "replace")]
        else:
            raise Reply(415, "POST a form (application/x-www-form-urlencoded, query=...) or the query "
                             "itself (application/sparql-query)")
        self._query(params)

    def _split(self) -> tuple[str, str]:
        parts = urllib.parse.urlsplit(self.path)
        return parts.path, parts.query

    def _body(self) -> bytes:
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            raise Reply(411, "a POST needs a Content-Length")
        if int(length) > MAX_BODY:
            raise Reply(413, f"the request is larger than {MAX_BODY // 1024 // 1024} MiB")
        return self.rfile.read(int(length))

    # -------------------------------------------------------------- the query operation
    def _query(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            raise Reply(403, READ_ONLY)
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            raise Reply(400, "pass one SPARQL query: ?query=... (GET), a form field query= (POST), or the "
                             "query as an application/sparql-query body; the query page is at /")
        if is_update(queries[0]):
            raise Reply(403, READ_ONLY)
        accept = upstream_accept([v for key in ("format", "output", "results") for v in params.get(key, [])],
                                 self.headers.get("Accept"))
        fields = [("query", queries[0])] + [(key, value) for key in ("default-graph-uri", "named-graph-uri")
                                            for value in params.get(key, [])]
        body = urllib.parse.urlencode(fields).encode("utf-8")
        settings = self.server.settings
        if not settings.limit and not settings.timeout:
            self._stream(body, accept)
            return
        deadline = time.monotonic() + settings.timeout + GRACE if settings.timeout else None
        self._send(self._checked(body, accept, deadline))

    def _connect(self, path: str, body: bytes | None, accept: str, deadline: float | None,
                 newer_than: int = 0) -> tuple[Any, Any, int]:
        """Send the request to Oxigraph's child (one newer than ``newer_than``): the connection,
        the response and the child's generation. :class:`Interrupted` when the child died."""
        oxigraph = self.server.oxigraph
        found = oxigraph.current(newer_than, deadline)
        if found is None:
            raise Timeout()
        generation, port = found
        timeout = None if deadline is None else max(0.01, deadline - time.monotonic())
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        headers = {"Accept": accept}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request("POST" if body is not None else "GET", path, body=body, headers=headers)
            return connection, connection.getresponse(), generation
        except TimeoutError as exc:
            connection.close()
            raise Timeout(generation) from exc
        except (OSError, http.client.HTTPException) as exc:
            connection.close()
            if oxigraph.alive(generation):
                raise Reply(502, f"Oxigraph's server did not answer: {exc}") from exc
            raise Interrupted(generation) from exc

    def _checked(self, body: bytes, accept: str, deadline: float | None) -> Reply:
        """Oxigraph's answer read whole within the deadline and counted against the limit; asked
        once more when its child was restarted (by another query's timeout) under this one."""
        newer_than = 0
        for _attempt in (1, 2):
            try:
                return self._exchange(body, accept, deadline, newer_than)
            except Timeout as timeout:
                self.server.oxigraph.request_restart(timeout.generation)
                return Reply(503, self._timeout_message())
            except Interrupted as interrupted:
                newer_than = interrupted.generation
        return Reply(502, "Oxigraph's server stopped twice while answering this query; try again")

    def _exchange(self, body: bytes, accept: str, deadline: float | None, newer_than: int) -> Reply:
        connection, response, generation = self._connect("/query", body, accept, deadline, newer_than)
        with contextlib.closing(connection):
            content_type = response.getheader("Content-Type", "application/octet-stream")
            reader = DeadlineReader(response, connection.sock, deadline, generation)
            try:
                if response.status != 200:
                    reader.drain()
                    prefix = b"invalid SPARQL: " if response.status == 400 else b""
                    return Reply(response.status, prefix + bytes(reader.kept), content_type)
                limit = self.server.settings.limit
                if count_items(reader, content_type.split(";")[0].strip().lower(), limit or sys.maxsize) > (limit or sys.maxsize):
                    return Reply(400, self._limit_message())
                reader.drain()
            except (SyntaxError, ValueError, OSError, http.client.HTTPException) as exc:
                if CANCELLED in bytes(reader.kept[-200:]):
                    return Reply(503, self._timeout_message())
                if not self.server.oxigraph.alive(generation):
                    raise Interrupted(generation) from exc
                tail = bytes(reader.kept[-300:]).decode("utf-8", "replace")
                return Reply(500, f"the query failed while its results were sent: {exc}\n{tail}")
        return Reply(200, bytes(reader.kept), content_type)

    def _stream(self, body: bytes, accept: str) -> None:
        """No limit, no timeout: Oxigraph's answer goes through as it comes (chunked)."""
        try:
            connection, response, _ = self._connect("/query", body, accept, None)
        except Interrupted as interrupted:  # restarted under it: once more, on the new child
            connection, response, _ = self._connect("/query", body, accept, time.monotonic() + 30,
                                                    interrupted.generation)
        with contextlib.closing(connection):
            self.send_response(response.status)
            self.send_header("Content-Type", response.getheader("Content-Type", "application/octet-stream"))
            self.send_header("Transfer-Encoding", "chunked")
            self.send_header("Vary", "Accept")
            self.end_headers()
            size = 0
            while chunk := response.read(65536):  # Oxigraph's chunks are ~1 KB: fewer, larger writes
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                size += len(chunk)
            self.wfile.write(b"0\r\n\r\n")
            self._log(response.status, size)

    def _static(self, path: str) -> None:
        """The query page and its files, from Oxigraph's server."""
        try:
            connection, response, _ = self._connect(path, None, "*/*", time.monotonic() + 30)
        except (Timeout, Interrupted):
            raise Reply(503, "Oxigraph's server did not answer; try again") from None
        with contextlib.closing(connection):
            self._send(Reply(response.status, response.read(), response.getheader("Content-Type", "text/html")))

    # -------------------------------------------------------------- answers
    def _timeout_message(self) -> str:
        return (f"the query ran longer than this endpoint's timeout of {self.server.settings.timeout} s "
                "(kg serve --timeout) and was stopped; make it more selective or add a LIMIT")

    def _limit_message(self) -> str:
        limit = self.server.settings.limit
        return (f"the result has more than {limit} rows or triples, this endpoint's limit (kg serve "
                f"--limit); add LIMIT {limit} and page with OFFSET, or use `kg export` for the whole graph")

    def _send(self, reply: Reply) -> None:
        if reply.status in (411, 413):  # the request body was not read
            self.close_connection = True
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Vary", "Accept")
        self.end_headers()
        self.wfile.write(reply.body)
        self._log(reply.status, len(reply.body))

    def _log(self, status: int, size: int) -> None:
        milliseconds = (time.monotonic() - self._started) * 1000
        self.log_message("%s %s %d %d bytes %.0f ms", self.command, self._split()[0], status, size, milliseconds)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Logged once the answer is sent, by :meth:`_log`."""


# ------------------------------------------------------------------ running


class Endpoint:
    """The Oxigraph child and the proxy, started together; a context manager that stops both."""

    def __init__(self, location: Path, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 settings: Settings | None = None, binary: str | None = None) -> None:
        self.settings = settings or Settings()
        self.oxigraph = Oxigraph(binary or find_oxigraph(), location, self.settings.timeout)
        try:
            self.proxy = Proxy((host, port), self.oxigraph, self.settings)
        except OSError as exc:
            raise KGError(f"cannot listen on {host}:{port}: {exc.strerror or exc}; pass another --port "
                          "(0 picks a free one)") from exc
        self._thread = threading.Thread(target=self.proxy.serve_forever, name="kg-serve", daemon=True)
        self._stop = threading.Event()

    @property
    def url(self) -> str:
        host, port = self.proxy.server_address[:2]
        shown = f"[{host}]" if ":" in str(host) else host
        return f"http://{shown}:{port}/"

    def __enter__(self) -> Endpoint:
        try:
            self.oxigraph.start()
        except BaseException:
            self.proxy.server_close()
            raise
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.proxy.shutdown()
        self.proxy.server_close()
        self.oxigraph.stop()

    def run(self, log: Callable[[str], None]) -> None:
        """Supervise the child until SIGINT (Ctrl-C) or SIGTERM (call from the main thread)."""
        stop = [signal.SIGINT, signal.SIGTERM]
        previous = {number: signal.signal(number, lambda *_: self._stop.set()) for number in stop}
        try:
            while not self._stop.wait(0.1):
                done = self.oxigraph.supervise()
                if done:
                    log(done)
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)


def serve(location: str | Path, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          timeout: int = DEFAULT_TIMEOUT, limit: int = DEFAULT_LIMIT,
          announce: Callable[[Endpoint], None] | None = None, log: Callable[[str], None] | None = None) -> None:
    """Serve the embedded store at ``location`` until Ctrl-C or SIGTERM; ``announce`` is called
    once the endpoint answers."""
    from .store import serving_marker

    database = oxigraph_location(location)
    with Endpoint(database, host=host, port=port, settings=Settings(timeout, limit)) as endpoint, \
            serving_marker(location, endpoint.url + "query"):
        log = log or (lambda line: print(line, file=sys.stderr, flush=True))
        log(f"Oxigraph's server (pid {endpoint.oxigraph.process.pid}) answers behind it on "
            f"127.0.0.1:{endpoint.oxigraph.port}")
        if announce:
            announce(endpoint)
        endpoint.run(log)

