"""Shared fixtures. Data from ../shared is found through KG_SHARED_DIR or beside the checkout;
where it is absent the tests that need it skip, unless KG_REQUIRE_SHARED=1 (as in .ci/run),
where a missing file fails."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

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


@pytest.fixture
def sparql_server(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A real, empty SPARQL 1.1 server (Oxigraph's, read-write) for one test; yields its query
    endpoint URL. With KG_TEST_SPARQL_URL set, that server is used instead (emptied first)."""
    import subprocess
    import time
    import urllib.request

    external = os.environ.get("KG_TEST_SPARQL_URL")
    if external:
        update = external[: -len("query")] + "update" if external.endswith("query") else external
        urllib.request.urlopen(urllib.request.Request(update, data=b"update=DROP%20ALL", method="POST"), timeout=30)
        yield external
        return
    port = _free_port()
    process = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(tmp_path / "oxigraph-server"),
                                "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/query"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2).read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"the Oxigraph server did not start: {process.stderr.read().decode()[:500] if process.stderr else ''}")
            time.sleep(0.1)
    try:
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
