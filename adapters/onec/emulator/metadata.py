"""``$metadata`` (EDMX, OData v3) generated from the schema, in the shape 1C publishes it."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from .schema import EDM_TYPES, EntityDef, Schema

NS = "StandardODATA"


def _properties(entity: EntityDef) -> list[str]:
    out = []
    for col in entity.columns:
        out.append(f'<Property Name={quoteattr(col.name)} Type="{EDM_TYPES[col.kind]}" Nullable="false"/>')
    for name, value in entity.constants.items():
        edm = "Edm.Boolean" if isinstance(value, bool) else "Edm.String"
        out.append(f'<Property Name={quoteattr(name)} Type="{edm}" Nullable="false"/>')
    return out


def build_metadata(
    schema: Schema, functions: tuple[str, ...] = ("SelectChanges", "NotifyChangesReceived")
) -> bytes:
    types, sets = [], []
    for entity in schema.by_name().values():
        keys = "".join(f"<PropertyRef Name={quoteattr(k)}/>" for k in entity.key)
        props = _properties(entity)
        if entity.section is not None:
            row_type = f"{entity.section.name}_RowType"
            inner = "".join(p for p in _properties(entity.section))
            types.append(f"<ComplexType Name={quoteattr(row_type)}>{inner}</ComplexType>")
            props.append(
                f"<Property Name={quoteattr(entity.section_property)} "
                f'Type={quoteattr(f"Collection({NS}.{row_type})")} Nullable="false"/>'
            )
        types.append(
            f"<EntityType Name={quoteattr(entity.name)}><Key>{keys}</Key>{''.join(props)}</EntityType>"
        )
        sets.append(
            f"<EntitySet Name={quoteattr(entity.name)} EntityType={quoteattr(f'{NS}.{entity.name}')}/>"
        )
    exchange = schema.exchange.name
    functions = "".join(
        f'<FunctionImport Name="{fn}" IsBindable="true" IsSideEffecting="true" m:HttpMethod="POST">'
        f'<Parameter Name="bindingParameter" Type={quoteattr(f"{NS}.{exchange}")}/>'
        f'<Parameter Name="MessageNo" Type="Edm.Int64"/></FunctionImport>'
        for fn in functions
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<edmx:Edmx xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx" Version="1.0">'
        '<edmx:DataServices xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata" '
        'm:DataServiceVersion="3.0">'
        f'<Schema xmlns="http://schemas.microsoft.com/ado/2009/11/edm" Namespace="{NS}">'
        f"{''.join(types)}"
        f'<EntityContainer Name="{NS}" m:IsDefaultEntityContainer="true">{"".join(sets)}{functions}'
        "</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>"
    )
    return xml.encode()
