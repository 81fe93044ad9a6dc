"""The question pages' cache: bounded by size, least recently used dropped first."""

from __future__ import annotations

from polemica.web.base.bytecache import BytesLRU


def test_the_least_recently_used_entry_goes_first() -> None:
    cache = BytesLRU(max_bytes=30)
    cache.set("a", b"x" * 10)
    cache.set("b", b"y" * 10)
    cache.set("c", b"z" * 10)
    assert cache.get("a") == b"x" * 10  # now the most recently used
    cache.set("d", b"w" * 10)
    assert cache.get("b") is None
    assert [cache.get(k) is not None for k in "acd"] == [True, True, True]


def test_replacing_an_entry_counts_its_size_once_and_oversized_values_are_not_kept() -> None:
    cache = BytesLRU(max_bytes=30)
    for _ in range(5):
        cache.set("a", b"x" * 20)
    cache.set("b", b"y" * 10)
    assert len(cache) == 2
    cache.set("huge", b"h" * 31)
    assert cache.get("huge") is None and len(cache) == 2
