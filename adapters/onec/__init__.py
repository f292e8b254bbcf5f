"""Adapters to the union's 1C:Enterprise registry: OData and SOAP clients, the registry facade,
and an emulator of the 1C side (``adapters.onec.emulator``)."""

from .errors import (
    OneCApplicationError,
    OneCAuthError,
    OneCBadRequest,
    OneCConflict,
    OneCError,
    OneCExchangeUnavailable,
    OneCNotFound,
    OneCPreconditionFailed,
    OneCProtocolError,
    OneCTimeLimit,
    OneCUnavailable,
    OneCWsdlError,
)
from .mapping import CARD_STATUSES, MEMBER_CATEGORIES, OneCMapping, load_mapping
from .odata import ODataClient, QueryResult
from .records import (
    CardOrderLine,
    CardOrderRecord,
    ChangeBatch,
    DataVersionRecord,
    DeletedRef,
    MemberRecord,
    OrgRecord,
    PushResult,
    StatusRecord,
)
from .registry import ODataRegistry, Registry, build_registry
from .retry import RetryPolicy
from .settings import ConnectionSettings

__all__ = [
    "CARD_STATUSES",
    "MEMBER_CATEGORIES",
    "CardOrderLine",
    "CardOrderRecord",
    "ChangeBatch",
    "ConnectionSettings",
    "DataVersionRecord",
    "DeletedRef",
    "MemberRecord",
    "ODataClient",
    "ODataRegistry",
    "OneCApplicationError",
    "OneCAuthError",
    "OneCBadRequest",
    "OneCConflict",
    "OneCError",
    "OneCMapping",
    "OneCExchangeUnavailable",
    "OneCNotFound",
    "OneCPreconditionFailed",
    "OneCProtocolError",
    "OneCTimeLimit",
    "OneCUnavailable",
    "OneCWsdlError",
    "OrgRecord",
    "PushResult",
    "QueryResult",
    "Registry",
    "RetryPolicy",
    "StatusRecord",
    "build_registry",
    "load_mapping",
]
