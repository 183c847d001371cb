"""Every limit the product holds, written once.

Pure: the rules, the database constraints, the forms, the templates and the
messages all read these names, so a limit changes in one place. Dates have a
*plausible* range too: a block in the year 1 or 9999 is a typo, and date
arithmetic near the ends of the calendar overflows.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

# --- blocks ---
MIN_WEEKS, MAX_WEEKS = 1, 16
DEFAULT_WEEKS = 4
MAX_PROGRESSION_RUNS = 24
DEFAULT_PROGRESSION_RUNS = 6
LOWEST_FLOOR_PERCENT, HIGHEST_FLOOR_PERCENT = 70, 80
DEFAULT_FLOOR_PERCENT = 80
LOWEST_FLOOR, HIGHEST_FLOOR = LOWEST_FLOOR_PERCENT / 100, HIGHEST_FLOOR_PERCENT / 100
# Float sums of minutes land a hair under a whole share (0.7999999999); this much
# is noise, not running, for the rules and for the shares people read alike.
SHARE_TOLERANCE = 1e-9

# --- sessions and templates ---
# One session (planned, stretched by the coach, or logged by the runner) lasts at
# most ten hours: longer than any ultra a coach plans here, short of nonsense.
SHORTEST_SESSION_MINUTES, LONGEST_SESSION_MINUTES = 1, 600
LONGEST_LOGGED_KM = 200
LARGEST_OFFSET_S = 300  # seconds per unit a template segment may add or take off
FASTEST_PACE_S_PER_KM = 120.0
# A watch workout holds at most 30 steps, and the watch gets one step per segment, so
# a template holds at most this many segments (numbered 1 to 30): the admin's form, the
# model and the database refuse a 31st, and planner.watch refuses a 31st step.
MOST_SEGMENTS = 30

# --- what a runner logs of a session ---
# Effort as the runner felt it: 1 very easy to 10 all out.
LOWEST_EFFORT, HIGHEST_EFFORT = 1, 10
# Minutes run are typed to one decimal, so the fewest that count as a run is 0.1.
FEWEST_LOGGED_MINUTES = Decimal("0.1")
# "Done as planned" (as logged): the time run within this share of the planned time.
AS_PLANNED_PERCENT = 20
AS_PLANNED_TOLERANCE = AS_PLANNED_PERCENT / 100

# --- the race a runner's paces come from: the 1,500 m to the marathon ---
SHORTEST_RACE_M, LONGEST_RACE_M = 1500, 42195

# --- text the runner and coach type (the columns' sizes) ---
NAME_LENGTH = 100
TITLE_LENGTH = 100
NOTE_LENGTH = 2000
SKIP_REASON_LENGTH = 300
TIME_ZONE_LENGTH = 64
EMAIL_LENGTH = 150
SUMMARY_LENGTH = 300
RULES_PROBLEM_LENGTH = 500
SEGMENT_LABEL_LENGTH = 40  # a step's name on a watch screen

# --- dates ---
EARLIEST_DAY = dt.date(2000, 1, 1)
LATEST_DAY = dt.date(2100, 12, 31)
# The largest integer a database column here holds (PostgreSQL's integer); ids
# and numbers above it are refused before any query.
LARGEST_DB_INTEGER = 2_147_483_647


def is_plausible_day(day: dt.date) -> bool:
    """A day a block, a session or a week page may fall on."""
    return EARLIEST_DAY <= day <= LATEST_DAY


def plausible_range_text() -> str:
    return f"{EARLIEST_DAY.year} to {LATEST_DAY.year}"


def is_plausible_race_day(day: dt.date, today: dt.date) -> bool:
    """A race result: run on or after the earliest plausible day, and not in the future."""
    return EARLIEST_DAY <= day <= today


def block_dates_problem(start: dt.date, weeks: int) -> str | None:
    """Why a block from ``start`` for ``weeks`` weeks cannot be planned, or None."""
    if not is_plausible_day(start):
        return f"A block starts between {plausible_range_text()}, not in {start.year}."
    if start > LATEST_DAY - dt.timedelta(weeks=weeks):
        return f"A block must end by {LATEST_DAY:%d %B %Y}; start it earlier or make it shorter."
    return None


# --- recorded runs: what a run is, and what an upload may cost ---
# The rulebook's "What is a run": at most 24 hours from the first record to the last,
# at least two minutes moving, started before now.
LONGEST_RUN_HOURS = 24
SHORTEST_RUN_MOVING_S = 120
# Points (FIT records, GPX and TCX trackpoints, timed or not) one file may hold: eleven
# hours at the one point a second a watch records at most, longer than the longest
# session a coach can plan (LONGEST_SESSION_MINUTES), and a whole 24 hours at the one
# point every two or three seconds that a watch's "smart" recording keeps. A file is
# refused at the first point past it, however much is left: the bound is what keeps
# reading any upload within its budget (docs/operations.md, "What an upload costs").
MAX_RECORDING_POINTS = 40_000
# What a GPX or TCX file may hold besides: no watch nests elements more than about ten
# deep, and a TCX trackpoint with every extension has about fifteen elements.
MAX_XML_DEPTH = 24
MAX_XML_ELEMENTS = 16 * MAX_RECORDING_POINTS
# What a FIT file may hold besides: fitdecode costs about 10 microseconds a message and
# 2.5 a field, so the messages (the records, and the few hundred laps, events and
# device notes of a run) and the fields in them are bounded. A watch's record has 8 to
# 20 fields; a FIT file of rich records (running dynamics, power) meets the field bound
# after about 25,000 of them, seven hours at one a second.
MAX_FIT_MESSAGES = MAX_RECORDING_POINTS + 2_000
MAX_FIT_FIELDS = 500_000
# A record message is 20 to 60 bytes, so a FIT file at the point bound is 1 to 3 MB;
# its checksum, which is read first, costs 50 ns a byte.
MAX_FIT_MB = 8
MAX_FIT_BYTES = MAX_FIT_MB * 1024 * 1024
# A watch's file is one file; a ZIP made by a computer may add a folder and the
# resource-fork copy and .DS_Store a Mac leaves (__MACOSX/._run.fit), so a few entries
# are allowed and only one of them may be a recording.
MAX_ZIP_ENTRIES = 4
# Originals kept per runner, counted as uploaded: a year of daily one-hour runs as FIT
# files is about 200 MB, as uncompressed GPX about 1 GB.
MAX_STORED_MB_PER_RUNNER = 500
MAX_STORED_BYTES_PER_RUNNER = MAX_STORED_MB_PER_RUNNER * 1024 * 1024
