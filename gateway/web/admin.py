"""Administration: users, API tokens (shown once), the audit log. Auditors may read these pages;
only administrators change anything."""

from __future__ import annotations

import secrets
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from gateway.accounts.api_tokens import create_token
from gateway.accounts.audit import ACTION_LABELS, audit
from gateway.accounts.users import create_user, set_password, update_user
from gateway.db.base import utcnow
from gateway.db.request_session import get_session
from gateway.errors import DomainError
from gateway.models import ApiToken, AuditEntry, Role, TokenKind, User
from gateway.models.users import ROLE_LABELS
from gateway.texts import ru
from gateway.web.lookups import chosen_region, region_names, regions, user_names
from gateway.web.paging import paginate
from gateway.web.security import actor, client_ip, require, user

bp = Blueprint("admin", __name__, url_prefix="/admin")

READERS = (Role.ADMIN, Role.AUDITOR)
TOKEN_KIND_LABELS = ru.TOKEN_KINDS


def _audit(action: str, target_type: str, target_id: object, **details: Any) -> None:
    audit(
        get_session(),
        action,
        actor=actor(),
        user_id=user().id,
        target_type=target_type,
        target_id=target_id,
        details=details or None,
        ip=client_ip(),
    )


def _role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise DomainError("invalid_role", ru.FLASH["role_required"], "role") from None


def _region_id() -> int | None:
    region = chosen_region(get_session(), source=request.form)
    return region.id if region else None


@bp.get("/users")
@require(*READERS)
def users() -> Any:
    db = get_session()
    page = paginate(db, select(User).order_by(User.login))
    return render_template(
        "admin/users.html",
        title="Пользователи",
        page=page,
        region_map=region_names(db, (u.region_id for u in page.items)),
        roles=ROLE_LABELS,
        regions=regions(db),
    )


@bp.post("/users")
@require(Role.ADMIN)
def create() -> Any:
    db = get_session()
    password = secrets.token_urlsafe(12)
    try:
        u = create_user(
            db,
            login=request.form.get("login", ""),
            password=password,
            role=_role(request.form.get("role", "")),
            display_name=request.form.get("display_name", ""),
            region_id=_region_id(),
        )
    except DomainError as exc:
        db.rollback()
        flash(exc.message, "error")
        return redirect(url_for("admin.users"))
    _audit("user_created", "user", u.id, role=u.role.value)
    return render_template(
        "admin/password_once.html", title="Пользователь создан", target=u, password=password
    )


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@require(*READERS)
def edit(user_id: int) -> Any:
    db = get_session()
    target = db.get(User, user_id)
    if target is None:
        abort(404)
    if request.method == "POST":
        if user().role is not Role.ADMIN:
            abort(403)
        active = request.form.get("active") == "on"
        role = _role(request.form.get("role", ""))
        if target.id == user().id and (not active or role is not Role.ADMIN):
            flash(ru.FLASH["self_demotion"], "error")
            return redirect(url_for("admin.edit", user_id=target.id))
        try:
            update_user(
                db,
                target,
                role=role,
                region_id=_region_id(),
                active=active,
                display_name=request.form.get("display_name", ""),
            )
        except DomainError as exc:
            db.rollback()
            flash(exc.message, "error")
            return redirect(url_for("admin.edit", user_id=target.id))
        _audit("user_updated", "user", target.id, role=target.role.value, active=target.active)
        flash(ru.FLASH["changes_saved"], "ok")
        return redirect(url_for("admin.users"))
    return render_template(
        "admin/user_edit.html",
        title=f"Пользователь {target.login}",
        target=target,
        roles=ROLE_LABELS,
        regions=regions(db),
    )


@bp.post("/users/<int:user_id>/reset-password")
@require(Role.ADMIN)
def reset_password(user_id: int) -> Any:
    target = get_session().get(User, user_id)
    if target is None:
        abort(404)
    password = secrets.token_urlsafe(12)
    set_password(target, password)
    _audit("user_password_reset", "user", target.id)
    return render_template(
        "admin/password_once.html", title="Пароль сброшен", target=target, password=password
    )


@bp.get("/tokens")
@require(*READERS)
def tokens() -> Any:
    db = get_session()
    page = paginate(db, select(ApiToken).order_by(ApiToken.id.desc()))
    return render_template(
        "admin/tokens.html",
        title="API-токены",
        page=page,
        region_map=region_names(db, (t.region_id for t in page.items)),
        kinds=TOKEN_KIND_LABELS,
        regions=regions(db),
    )


@bp.post("/tokens")
@require(Role.ADMIN)
def create_api_token() -> Any:
    db = get_session()
    name = request.form.get("name", "").strip()[:200]
    try:
        kind = TokenKind(request.form.get("kind", ""))
        if not name:
            raise DomainError("name_required", ru.FLASH["token_name_required"], "name")
        token, plain = create_token(db, name=name, kind=kind, region_id=_region_id())
    except (DomainError, ValueError) as exc:
        db.rollback()
        flash(exc.message if isinstance(exc, DomainError) else ru.FLASH["token_kind_required"], "error")
        return redirect(url_for("admin.tokens"))
    _audit("token_created", "token", token.id, kind=kind.value)
    return render_template("admin/token_once.html", title="Токен создан", token=token, plain=plain)


@bp.post("/tokens/<int:token_id>/revoke")
@require(Role.ADMIN)
def revoke_token(token_id: int) -> Any:
    token = get_session().get(ApiToken, token_id)
    if token is None:
        abort(404)
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        _audit("token_revoked", "token", token.id)
    flash(ru.FLASH["token_revoked"].format(name=token.name), "ok")
    return redirect(url_for("admin.tokens"))


@bp.get("/audit")
@require(*READERS)
def audit_log() -> Any:
    db = get_session()
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc())
    action = request.args.get("action", "")
    if action:
        stmt = stmt.where(AuditEntry.action == action)
    page = paginate(db, stmt)
    ids = {e.user_id for e in page.items if e.user_id}
    logins = dict(db.execute(select(User.id, User.login).where(User.id.in_(ids))).all()) if ids else {}
    return render_template(
        "admin/audit.html",
        title="Журнал аудита",
        page=page,
        labels=ACTION_LABELS,
        action=action,
        logins=logins,
        names=user_names(db, (e.actor for e in page.items)),
        audit_targets=ru.AUDIT_TARGETS,
    )
