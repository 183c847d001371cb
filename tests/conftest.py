from __future__ import annotations

import pytest
from hypothesis import settings as hypothesis_settings
from pytest_django.fixtures import Settings

hypothesis_settings.register_profile("ci", deadline=None, print_blob=True)
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.load_profile("dev")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Settings) -> None:
    # Hashing with the production hasher would dominate the suite's run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
