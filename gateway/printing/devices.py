"""The printer and the chip encoder of a station, built from its settings (one pair per process:
the printer object knows whether a card is inside it, the encoder keeps its PC/SC context)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from adapters.pcsc.results import Encoder
from adapters.printers.base import Printer
from gateway.printing.settings import StationSettings
from gateway.settings import Settings

log = logging.getLogger(__name__)


class UnknownStation(LookupError):
    pass


@dataclass
class StationDevices:
    printer: Printer
    encoder: Encoder | None

    def close(self) -> None:
        for device in (self.printer, self.encoder):
            close = getattr(device, "close", None)
            if close is not None:
                close()


def station_settings(settings: Settings, name: str) -> StationSettings:
    try:
        return settings.printing.stations[name]
    except KeyError:
        known = ", ".join(sorted(settings.printing.stations)) or "none"
        raise UnknownStation(
            f"print station {name!r} is not configured ([printing.stations]: {known})"
        ) from None


def build_devices(settings: Settings, name: str) -> StationDevices:
    cfg = station_settings(settings, name)
    return StationDevices(_printer(settings, name, cfg), _encoder(settings, name, cfg))


def build_printer(settings: Settings, name: str) -> Printer:
    """The station's printer alone (the stations page asks it for its supply levels)."""
    return _printer(settings, name, station_settings(settings, name))


def _printer(settings: Settings, name: str, cfg: StationSettings) -> Printer:
    p = cfg.printer
    if p.kind == "spool":
        from adapters.printers.devspool import DevSpoolPrinter

        directory = p.directory or settings.data_dir / "spool" / name
        return DevSpoolPrinter(
            directory,
            name,
            control_file=p.control_file,
            virtual_chip=p.virtual_chip,
            virtual_chip_port=p.virtual_chip_port,
        )
    if p.kind == "ipp":
        from adapters.printers.ipp import IppPrinter

        return IppPrinter(p.uri, name=name, timeout=p.timeout_seconds)
    from adapters.printers.evolis import EvolisPrinter

    return EvolisPrinter(p.device, name=name)


def _encoder(settings: Settings, name: str, cfg: StationSettings) -> Encoder | None:
    from card_printing.chip_content import SignedChipContent
    from gateway.printing.keys import signing_key

    e = cfg.encoder
    if e.kind == "none":
        return None
    # Every chip gets the payload bound to its UID, and NTAGs the NDEF link (card_printing/chip_content).
    content = SignedChipContent(signing_key(settings), settings.printing.chip_link_template)
    if e.kind == "memory":
        from adapters.pcsc.memory import MemoryEncoder

        return MemoryEncoder(content=content)
    from adapters.pcsc.encoder import EncoderSettings, PcscEncoder

    master = e.mifare_master_key.get_secret_value() if e.mifare_master_key else None
    if master is None:
        log.warning(
            "station %s: no MIFARE master key configured: MIFARE Classic cards keep their "
            "transport keys and can be rewritten by anyone",
            name,
        )
    return PcscEncoder(
        EncoderSettings(
            reader_pattern=e.reader_pattern,
            card_timeout_s=e.card_timeout_s,
            mifare_key=bytes.fromhex(e.mifare_key.get_secret_value()),
            mifare_key_type=e.mifare_key_type,
            mifare_master_key=bytes.fromhex(master) if master else None,
        ),
        content=content,
    )
