"""Streaming keyset paging: complete, ordered, lazy, resumable."""

from __future__ import annotations

import itertools

from adapters.onec import ODataClient
from adapters.onec.mapping import OneCMapping
from adapters.onec.registry import ODataRegistry

from .emulator_process import EmulatorProcess

MEMBERS = OneCMapping().members.entity_set


def test_keyset_paging_returns_every_row_once_in_key_order(client: ODataClient) -> None:
    everything = [r["Ref_Key"] for r in client.query(MEMBERS, select=["Ref_Key"], orderby="Ref_Key").rows]
    paged = [r["Ref_Key"] for r in client.iter_keyset(MEMBERS, page_size=250, select=["Ref_Key"])]
    assert paged == everything
    assert len(set(paged)) == len(paged) == client.count(MEMBERS)


def test_keyset_paging_is_lazy_one_page_at_a_time(emulator: EmulatorProcess, client: ODataClient) -> None:
    before = emulator.requests_served()
    rows = client.iter_keyset(MEMBERS, page_size=100)
    assert emulator.requests_served() == before  # a generator: nothing fetched yet
    list(itertools.islice(rows, 100))
    assert emulator.requests_served() - before == 1
    next(rows)
    assert emulator.requests_served() - before == 2


def test_a_crashed_scan_resumes_after_the_last_key(registry: ODataRegistry) -> None:
    full = [m.ref for m in registry.iter_members(page_size=300)]
    first = list(itertools.islice(registry.iter_members(page_size=300), 1234))
    resumed = [m.ref for m in registry.iter_members(after_key=first[-1].ref, page_size=300)]
    assert [m.ref for m in first] + resumed == full


def test_paging_with_a_filter_and_partial_last_page(client: ODataClient) -> None:
    f = OneCMapping().members
    flt = f"{f.category} eq '{f.categories['pensioner']}'"
    expected = client.count(MEMBERS, filter=flt)
    got = list(client.iter_keyset(MEMBERS, page_size=7, filter=flt, select=["Ref_Key"]))
    assert len(got) == expected > 0
