"""Presenters: sessions and plans turned into what a person reads (words, feeds)."""
