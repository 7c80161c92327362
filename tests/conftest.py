from __future__ import annotations

from pathlib import Path

import pytest

import scenarios
from sim import Loaded, load

BUNDLED = Path(scenarios.__file__).parent
POISONING = BUNDLED / "poisoning.yaml"
PIPELINE = BUNDLED / "pipeline.yaml"
WATERWORKS = BUNDLED / "waterworks.yaml"
GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="session")
def poisoning() -> Loaded:
    return load(POISONING)


@pytest.fixture(scope="session")
def pipeline() -> Loaded:
    return load(PIPELINE)


@pytest.fixture(scope="session")
def waterworks() -> Loaded:
    return load(WATERWORKS)
