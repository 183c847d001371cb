"""The one clock the suite runs on.

Every test outside the browser runs as if it were ``TEST_NOW`` (the clock
ticks on from there), so a date written in a test means the same thing on
any day the suite is run, including with the system clock moved months
ahead. Write dates relative to ``TEST_TODAY`` ("tomorrow" is
``TEST_TODAY + timedelta(days=1)``), or move the clock in the test itself
with the ``time_machine`` fixture.

Browser tests and tests marked ``real_clock`` run on the machine's clock:
other processes (Chromium, gunicorn) cannot share a moved clock, so their
dates are written relative to ``timezone.now()``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

# A Monday, noon in London and UTC alike: weeks in the tests start on Mondays
# such as 30 Nov 2026, one week back.
TEST_NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
TEST_TODAY: date = TEST_NOW.date()
TOMORROW: date = TEST_TODAY + timedelta(days=1)
# The Monday a block starts to be in its second week at TEST_NOW, and one a week earlier.
BLOCK_MONDAY = date(2026, 11, 30)
EARLIER_BLOCK_MONDAY = BLOCK_MONDAY - timedelta(weeks=1)
