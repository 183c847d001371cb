"""Presenters: one module per page, its data and what it depends on (its cache key),
and what the pages share (sessions in words, recorded runs, watch steps, the calendar)."""
