from __future__ import annotations

import pytest

from sim import Loaded, load
from tests.conftest import POISONING
from tests.scoring import FLAWED


@pytest.fixture(scope="session")
def flawed() -> Loaded:
    return load(POISONING, FLAWED)
