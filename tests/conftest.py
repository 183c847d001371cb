from __future__ import annotations

import pytest
from hypothesis import settings as hypothesis_settings

from tests.world import World

hypothesis_settings.register_profile("dev", deadline=None, print_blob=True)
hypothesis_settings.load_profile("dev")


@pytest.fixture
def world(db: None) -> World:
    """The owner coach, their runner with a published block, two strangers and an admin."""
    return World()
