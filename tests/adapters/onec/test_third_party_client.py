"""Fidelity: an independent 1C OData client from PyPI (python-1c-odata, aiohttp-based) against the emulator.

It builds its own URLs, literals, UTF-8 Basic auth and paging; if the emulator strayed from what
1C does, this is where it would show.
"""

from __future__ import annotations

import asyncio

import pytest

from adapters.onec.mapping import OneCMapping

from .emulator_process import PASSWORD, USER, EmulatorProcess

odata1c = pytest.importorskip("python_1c_odata")
M = OneCMapping()


def _name(entity_set: str) -> str:
    return entity_set.split("_", 1)[1]


def test_python_1c_odata_reads_and_writes_the_emulator(emulator: EmulatorProcess) -> None:
    async def scenario() -> None:
        async with odata1c.Infobase(emulator.root, "registry", USER, PASSWORD) as ib:
            members = odata1c.Catalog(ib, _name(M.members.entity_set))
            # The library's filter DSL overloads ==, so "== False" is the intended spelling.
            not_deleted = odata1c.F("DeletionMark") == False  # noqa: E712
            page = await members.query(top=5, inlinecount=True, odata_filter=not_deleted)
            assert len(page.value) == 5 and page.count is not None and page.count > 0
            assert await members.count(odata_filter=not_deleted) == page.count < await members.count()

            one = await members.get(page.value[0]["Ref_Key"])
            assert one["Ref_Key"] == page.value[0]["Ref_Key"]

            seen = [row["Ref_Key"] async for row in members.iterate(page_size=400)]
            assert len(seen) == len(set(seen)) == await members.count()

            edited = await members.edit(
                one["Ref_Key"], {"Description": one["Description"]}, if_match=one["DataVersion"]
            )
            assert edited is None or edited.get("Ref_Key") == one["Ref_Key"]
            with pytest.raises(odata1c.ODataError):
                await members.edit(one["Ref_Key"], {"Description": "x"}, if_match=one["DataVersion"])

            orders = odata1c.Document(ib, _name(M.card_orders.entity_set))
            first = (await orders.query(top=1)).value[0]
            assert first[M.card_orders.lines_property]

    asyncio.run(scenario())
