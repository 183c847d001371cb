"""The fixed vocabularies: units, workout kinds, segment amounts, paces, zones."""

from __future__ import annotations

from django.db import models


class Unit(models.TextChoices):
    KM = "km", "Kilometres (min/km)"
    MI = "mi", "Miles (min/mi)"


class WorkoutKind(models.TextChoices):
    EASY = "easy", "Easy"
    LONG = "long", "Long"
    PROGRESSION = "progression", "Progression"
    RECOVERY = "recovery", "Recovery"


class AmountKind(models.TextChoices):
    DURATION = "duration", "Duration"
    DISTANCE = "distance", "Distance"
    SAME_DISTANCE = "same_distance", "Same distance as segment…"


class PaceAnchor(models.TextChoices):
    EASY = "easy", "Easy pace"
    MARATHON = "marathon", "Marathon pace"
    THRESHOLD = "threshold", "Threshold pace"
    TEN_K = "ten_k", "10K pace"
    SEGMENT = "segment", "Pace of segment…"


class Zone(models.TextChoices):
    AEROBIC = "aerobic", "Aerobic"
    HARD = "hard", "Hard"


class BlockStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class SessionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    DONE = "done", "Done"
    SKIPPED = "skipped", "Skipped"
