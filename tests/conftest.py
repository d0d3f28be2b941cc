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
