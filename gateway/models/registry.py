"""The registry mirrored from 1C: the organisation tree and the members."""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from sqlalchemy import BigInteger, Enum, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gateway.db.base import Base, BigId, utcnow


def enum_column(enum_cls: type[enum.Enum], length: int = 24) -> Enum:
    # Stored as plain strings (no native PG enum), so adding a value needs no ALTER TYPE.
    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class OrgKind(enum.StrEnum):
    UNION = "union"  # the central council (ЦС), root of the tree
    REGION = "region"  # региональная / межрегиональная
    TERRITORIAL = "territorial"  # территориальная / местная / районная / городская
    PRIMARY = "primary"  # первичная профсоюзная организация


class MemberCategory(enum.StrEnum):
    WORKING = "working"  # работающий
    STUDENT = "student"  # обучающийся
    PENSIONER = "pensioner"  # неработающий пенсионер
    NOT_STATED = "not_stated"  # не указана


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    onec_ref: Mapped[uuid.UUID] = mapped_column(unique=True)
    code: Mapped[str] = mapped_column(String(32), index=True)
    name: Mapped[str] = mapped_column(String(500))
    kind: Mapped[OrgKind] = mapped_column(enum_column(OrgKind))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    # The regional organisation this one belongs to (itself for a region); denormalised because
    # every access check and every report filters by region.
    region_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    # Two-digit code used in card numbers; set on regional organisations only.
    region_code: Mapped[str | None] = mapped_column(String(4), unique=True)
    excluded_on: Mapped[dt.date | None]
    deletion_mark: Mapped[bool] = mapped_column(default=False)
    data_version: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    parent: Mapped[Organisation | None] = relationship(
        remote_side=[id], foreign_keys=[parent_id], lazy="raise_on_sql"
    )

    @property
    def active(self) -> bool:
        return self.excluded_on is None and not self.deletion_mark


def member_match_key(surname: str, name: str, patronymic: str | None, birth_date: dt.date) -> str:
    """Normalised identity used to match a row typed by a person to a registry member.

    Case, surrounding spaces and ё/е differences are common in regional spreadsheets and are
    ignored; anything else must match exactly (ambiguity is rejected, never guessed).
    """
    parts = [surname, name, patronymic or ""]
    norm = "|".join(" ".join(p.split()).lower().replace("ё", "е") for p in parts)
    return f"{norm}|{birth_date.isoformat()}"


class Member(Base):
    __tablename__ = "members"
    __table_args__ = (
        Index("ix_members_region_surname", "region_id", "surname"),
        # Current members per region (the issuance report): an index-only scan (migration 0009).
        Index(
            "ix_members_active_region",
            "region_id",
            postgresql_where=text("left_on IS NULL AND deletion_mark IS false"),
            sqlite_where=text("left_on IS NULL AND deletion_mark = 0"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    onec_ref: Mapped[uuid.UUID] = mapped_column(unique=True)
    surname: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200))
    patronymic: Mapped[str | None] = mapped_column(String(200))
    birth_date: Mapped[dt.date]
    category: Mapped[MemberCategory] = mapped_column(enum_column(MemberCategory))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    consent: Mapped[bool] = mapped_column(default=False)
    consent_date: Mapped[dt.date | None]
    left_on: Mapped[dt.date | None]
    deletion_mark: Mapped[bool] = mapped_column(default=False)
    data_version: Mapped[str | None] = mapped_column(String(64))
    match_key: Mapped[str] = mapped_column(String(700), index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    organisation: Mapped[Organisation] = relationship(foreign_keys=[organisation_id], lazy="raise_on_sql")

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.surname, self.name, self.patronymic) if p)


class RegionMemberCount(Base):
    """Changes of the number of current members per region (not left, not deleted in 1C), appended
    by triggers on ``members`` on PostgreSQL (migration 0013); their sum per region is the count.
    Read and folded by :mod:`gateway.sync.member_counts`."""

    __tablename__ = "region_member_counts"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    region_id: Mapped[int]
    members: Mapped[int] = mapped_column(BigInteger)
