"""Why kg keeps one connection to a SPARQL server: Oxigraph's writes slow down as the store grows
when each comes from a new thread, and Oxigraph's server serves each connection on a thread of its
own. Times the same writes four ways in the same run.

    python bench/server_writes.py [--writes 1500] [--triples 120]

Each write is one ``INSERT DATA`` of ``--triples`` new triples into a named graph (about a
document's worth). Ways: to an ``oxigraph serve`` over one kept-alive connection (as kg does),
and with a new connection per write (as kg did); to an embedded ``pyoxigraph.Store`` from one
thread, and from a new thread per write. Each on a fresh store; prints the mean milliseconds per
write in each sixth of the run, and last sixth / first sixth.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest_memory import oxigraph_server  # noqa: E402


def update_text(n: int, triples: int) -> str:
    lines = "\n".join(f'<urn:doc:{n}:{j}> <urn:p:{j % 7}> "value {n} {j}, some words of text" .' for j in range(triples))
    return f"INSERT DATA {{ GRAPH <urn:run> {{\n{lines}\n}} }}"


def timed(write: Callable[[str], None], writes: int, triples: int) -> list[float]:
    seconds = []
    for n in range(writes):
        text = update_text(n, triples)
        start = time.perf_counter()
        write(text)
        seconds.append(time.perf_counter() - start)
    return seconds


def over_one_connection(url: str) -> Callable[[str], None]:
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.netloc, timeout=60)

    def write(text: str) -> None:
        connection.request("POST", "/update", body=urllib.parse.urlencode({"update": text}),
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        response.read()
        assert response.status == 204, response.status

    return write


def new_connection_each(url: str) -> Callable[[str], None]:
    def write(text: str) -> None:
        request = urllib.request.Request(url.replace("/query", "/update"), method="POST",
                                         data=urllib.parse.urlencode({"update": text}).encode(),
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()

    return write


def new_thread_each(store: ox.Store) -> Callable[[str], None]:
    def write(text: str) -> None:
        thread = threading.Thread(target=store.update, args=(text,))
        thread.start()
        thread.join()

    return write


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writes", type=int, default=1500)
    parser.add_argument("--triples", type=int, default=120, help="triples per write")
    args = parser.parse_args()
    print(f"{args.writes} writes of {args.triples} triples each; ms per write in each sixth of the run", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        ways: list[tuple[str, Callable[[], list[float]]]] = []
        for label, client in (("server, one connection", over_one_connection),
                              ("server, new connection each", new_connection_each)):
            def run(client: Callable[[str], Callable[[str], None]] = client, label: str = label) -> list[float]:
                with oxigraph_server(Path(folder) / label.replace(" ", "-").replace(",", "")) as (url, _):
                    return timed(client(url), args.writes, args.triples)
            ways.append((label, run))
        ways.append(("embedded, one thread", lambda: timed(ox.Store(str(Path(folder) / "one")).update,
                                                           args.writes, args.triples)))
        ways.append(("embedded, new thread each", lambda: timed(new_thread_each(ox.Store(str(Path(folder) / "new"))),
                                                                args.writes, args.triples)))
        for label, run in ways:
            seconds = run()
            sixths = [statistics.mean(seconds[i * len(seconds) // 6:(i + 1) * len(seconds) // 6]) * 1000
                      for i in range(6)]
            print(f"{label:<28} " + " ".join(f"{s:7.1f}" for s in sixths) + f"   last/first {sixths[-1] / sixths[0]:.1f}x",
                  flush=True)


if __name__ == "__main__":
    main()
