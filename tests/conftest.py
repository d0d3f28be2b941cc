"""Shared fixtures. Data from ../shared is found through KG_SHARED_DIR or beside the checkout;
where it is absent the tests that need it skip, unless KG_REQUIRE_SHARED=1 (as in .ci/run),
where a missing file fails."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def shared_file(*parts: str) -> Path:
    base = Path(os.environ.get("KG_SHARED_DIR", ROOT.parent / "shared"))
    path = base.joinpath(*parts)
    if not path.exists():
        if os.environ.get("KG_REQUIRE_SHARED") == "1":
            pytest.fail(f"{path} is missing, and KG_REQUIRE_SHARED=1 says it must be there")
        pytest.skip(f"{path} is not here (set KG_SHARED_DIR to the folder holding data/)")
    return path


@pytest.fixture(scope="session")
def fakes_csv() -> Path:
    return shared_file("data", "fa-kes", "FA-KES-Dataset.csv")


def fakes_parts(fakes_csv: Path, folder: Path, cuts: list[int]) -> list[Path]:
    """FA-KES rows cut into CSV files written at test time (the data set stays outside the
    project): with cuts [0, 50, 100], rows 1-50 and 51-100, each file with the header."""
    import csv
    import itertools

    with open(fakes_csv, encoding="utf-8", newline="") as handle:
        rows = list(itertools.islice(csv.reader(handle), cuts[-1] + 1))
    parts = []
    for start, end in itertools.pairwise(cuts):
        part = folder / f"fakes{start}-{end}.csv"
        with open(part, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([rows[0], *rows[1 + start:1 + end]])
        parts.append(part)
    return parts


@pytest.fixture(scope="session")
def seed_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the seed articles, ingested once; closed, so tests may open it."""
    from kg.pipeline import ingest
    from kg.store import Store

    path = tmp_path_factory.mktemp("seed") / "store"
    with Store(path, create=True) as store:
        report = ingest(store, [SEEDS])
    assert report.documents == len(list(SEEDS.glob("*.txt"))) and not report.errors
    return path


@pytest.fixture
def seed_store(seed_store_path: Path):  # type: ignore[no-untyped-def]
    from kg.store import Store

    with Store(seed_store_path) as store:
        yield store


@pytest.fixture
def store_copy(seed_store_path: Path, tmp_path: Path) -> Path:
    """A private copy of the seed store, for tests that write."""
    target = tmp_path / "store"
    shutil.copytree(seed_store_path, target)
    return target


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def oxigraph_binary() -> str:
    """The `oxigraph` server installed with the project (next to this Python), else on PATH."""
    import sys

    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        pytest.fail("the oxigraph server is not installed (it is a dependency: pip install -e .)")
    return found


def _wait_for(url: str, process: Any, name: str, seconds: float) -> None:
    """Wait until ``url`` answers an ASK, or fail the test with what the server said."""
    import time
    import urllib.request

    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2).read()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                said = process.stderr.read().decode()[:500] if process.stderr else ""
                pytest.fail(f"the {name} server did not start: {said}")
            time.sleep(0.2)


def start_oxigraph(location: Path, port: int) -> Any:
    """Oxigraph's server (``oxigraph serve``) on ``location`` at 127.0.0.1:``port``, once it answers."""
    import subprocess

    process = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _wait_for(f"http://127.0.0.1:{port}/query", process, "Oxigraph", 30)
    return process


def _stop(process: Any) -> None:
    import subprocess

    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A real Virtuoso 7 (Debian's virtuoso-opensource) for the session, its SPARQL user allowed
    to update; yields the endpoint URL. Skips where Virtuoso is not installed, unless
    KG_REQUIRE_VIRTUOSO=1 (as in .ci/run, which installs it)."""
    import subprocess

    binary = shutil.which("virtuoso-t")
    if not binary:
        if os.environ.get("KG_REQUIRE_VIRTUOSO") == "1":
            pytest.fail("virtuoso-t is not installed, and KG_REQUIRE_VIRTUOSO=1 says it must be")
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource)")
    folder = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = _free_port(), _free_port()
    (folder / "virtuoso.ini").write_text(VIRTUOSO_INI.format(folder=folder, sql=sql_port, http=http_port))
    process = subprocess.Popen([binary, "+foreground", "+configfile", str(folder / "virtuoso.ini")], cwd=folder,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{http_port}/sparql"
    try:
        _wait_for(url, process, "Virtuoso", 120)
        granted = subprocess.run([shutil.which("isql-vt") or "isql-vt", str(sql_port), "dba", "dba",
                                  'exec=grant SPARQL_UPDATE to "SPARQL";'], capture_output=True, text=True, timeout=60)
        if granted.returncode != 0:
            pytest.fail(f"could not let Virtuoso's SPARQL user update: {granted.stdout}{granted.stderr}")
        yield url
    finally:
        _stop(process)


# Virtuoso's settings for the tests: its own files, free ports, and no cap on result rows or query
# time (Virtuoso's defaults silently cut answers at 10,000 rows and 60 s).
VIRTUOSO_INI = """[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
CheckpointInterval = 60
DirsAllowed = ., {folder}
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerThreads = 10
[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 0
MaxQueryCostEstimationTime = 0
"""


def _empty(url: str) -> None:
    """Drop every graph kg can see on a reused server (not the server's own graphs)."""
    from kg.store import RemoteStore

    with RemoteStore(url, create=True) as store:
        for graph in store.named_graphs():
            store.drop_graph(graph)


@pytest.fixture(params=["oxigraph", "virtuoso"])
def sparql_server(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A real, empty SPARQL 1.1 server for one test, read-write; yields its query endpoint URL.
    Each test runs against Oxigraph's server (started for the test) and against Virtuoso (one for
    the session, emptied before each test). With KG_TEST_SPARQL_URL set, that server is used
    instead (emptied first)."""
    external = os.environ.get("KG_TEST_SPARQL_URL")
    if external:
        if request.param != "oxigraph":
            pytest.skip("KG_TEST_SPARQL_URL names the one server to test")
        _empty(external)
        yield external
        return
    if request.param == "virtuoso":
        url = request.getfixturevalue("virtuoso_server")
        _empty(url)
        yield url
        return
    port = _free_port()
    process = start_oxigraph(tmp_path / "oxigraph-server", port)
    try:
        yield f"http://127.0.0.1:{port}/query"
    finally:
        _stop(process)
