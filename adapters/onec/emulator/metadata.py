"""``$metadata`` (EDMX, OData v3) generated from the schema, in the shape 1C publishes it.

As in recorded ``$metadata`` of real 8.3 bases (and 1C's developer guide, «Стандартный интерфейс
OData», «Описание метаданных»): entity types in the ``StandardODATA`` namespace, one container
``EnterpriseV8``; properties are ``Nullable="true"`` except the keys; a reference attribute ``X_Key``
comes with a navigation property ``X`` and its association; the functions 1C serves are declared:
``Post`` / ``Unpost`` bound to documents, ``SliceLast`` / ``SliceFirst`` bound to periodic
registers, ``SelectChanges`` / ``NotifyChangesReceived`` on the service root.
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from .schema import EDM_TYPES, EntityDef, Schema

NS = "StandardODATA"
CONTAINER = "EnterpriseV8"


def _properties(entity: EntityDef) -> list[str]:
    out = []
    for col in entity.columns:
        nullable = "false" if col.name in entity.key else "true"
        out.append(
            f'<Property Name={quoteattr(col.name)} Type="{EDM_TYPES[col.kind]}" Nullable="{nullable}"/>'
        )
    for name, value in entity.constants.items():
        edm = "Edm.Boolean" if isinstance(value, bool) else "Edm.String"
        out.append(f'<Property Name={quoteattr(name)} Type="{edm}" Nullable="true"/>')
    return out


def _function(name: str, binding: str | None, params: list[tuple[str, str]], returns: str = "") -> str:
    bound = ' IsBindable="true"' if binding else ""
    ret = f" ReturnType={quoteattr(returns)}" if returns else ""
    head = f'<FunctionImport Name="{name}"{bound} IsSideEffecting="true" m:HttpMethod="POST"{ret}>'
    if binding:
        head += f'<Parameter Name="bindingParameter" Type={quoteattr(binding)}/>'
    return head + "".join(f'<Parameter Name="{p}" Type="{t}"/>' for p, t in params) + "</FunctionImport>"


def build_metadata(
    schema: Schema, functions: tuple[str, ...] = ("SelectChanges", "NotifyChangesReceived")
) -> bytes:
    types, sets, associations, association_sets = [], [], [], []
    tables = {"orgs": schema.organisations, "members": schema.members, "orders": schema.orders}
    for entity in schema.by_name().values():
        keys = "".join(f"<PropertyRef Name={quoteattr(k)}/>" for k in entity.key)
        props = _properties(entity)
        if entity.section is not None:
            row_type = f"{entity.section.name}_RowType"
            inner = "".join(p for p in _properties(entity.section))
            types.append(f"<ComplexType Name={quoteattr(row_type)}>{inner}</ComplexType>")
            props.append(
                f"<Property Name={quoteattr(entity.section_property)} "
                f'Type={quoteattr(f"Collection({NS}.{row_type})")} Nullable="true"/>'
            )
        for col in entity.columns:
            if not col.navigation or entity.key != ("Ref_Key",):
                continue
            target = tables[col.ref_to]
            assoc = f"{entity.name}_{col.navigation}"
            props.append(
                f"<NavigationProperty Name={quoteattr(col.navigation)} "
                f'Relationship={quoteattr(f"{NS}.{assoc}")} FromRole="Begin" ToRole="End"/>'
            )
            associations.append(
                f"<Association Name={quoteattr(assoc)}>"
                f'<End Role="Begin" Type={quoteattr(f"{NS}.{entity.name}")} Multiplicity="*"/>'
                f'<End Role="End" Type={quoteattr(f"{NS}.{target.name}")} Multiplicity="0..1"/></Association>'
            )
            association_sets.append(
                f"<AssociationSet Name={quoteattr(assoc)} Association={quoteattr(f'{NS}.{assoc}')}>"
                f'<End Role="Begin" EntitySet={quoteattr(entity.name)}/>'
                f'<End Role="End" EntitySet={quoteattr(target.name)}/></AssociationSet>'
            )
        types.append(
            f"<EntityType Name={quoteattr(entity.name)}><Key>{keys}</Key>{''.join(props)}</EntityType>"
        )
        sets.append(
            f"<EntitySet Name={quoteattr(entity.name)} EntityType={quoteattr(f'{NS}.{entity.name}')}/>"
        )
    orders, statuses = schema.orders.name, schema.statuses.name
    declared = [
        _function("Post", f"{NS}.{orders}", [("PostingModeOperational", "Edm.Boolean")]),
        _function("Unpost", f"{NS}.{orders}", []),
        *(
            _function(
                fn,
                f"Collection({NS}.{statuses})",
                [("Period", "Edm.DateTime"), ("Condition", "Edm.String")],
                f"Collection({NS}.{statuses})",
            )
            for fn in ("SliceLast", "SliceFirst")
        ),
        *(
            _function(fn, None, [("DataExchangePoint", "Edm.String"), ("MessageNo", "Edm.Int64")])
            for fn in functions
        ),
    ]
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<edmx:Edmx xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx" Version="1.0">'
        '<edmx:DataServices xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata" '
        'm:DataServiceVersion="3.0">'
        f'<Schema xmlns="http://schemas.microsoft.com/ado/2009/11/edm" Namespace="{NS}">'
        f"{''.join(types)}{''.join(associations)}"
        f'<EntityContainer Name="{CONTAINER}" m:IsDefaultEntityContainer="true">'
        f"{''.join(sets)}{''.join(association_sets)}{''.join(declared)}"
        "</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>"
    )
    return xml.encode()
