from __future__ import annotations

from hypothesis import settings as hypothesis_settings

hypothesis_settings.register_profile("dev", deadline=None, print_blob=True)
hypothesis_settings.load_profile("dev")
