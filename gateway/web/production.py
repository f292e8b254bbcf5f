"""Sections of the batch page for production beyond the stations: blank stock and outside bureaus."""

from __future__ import annotations

from flask import Flask

from gateway.web import bureau, stock


def init_production(app: Flask) -> None:
    app.jinja_env.globals.update(stock_report=stock.stock_report, bureau_panel=bureau.bureau_panel)
    app.register_blueprint(stock.bp)
    app.register_blueprint(bureau.bp)
