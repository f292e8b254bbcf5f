"""A page that plays the union's personal-account site: it shows the member's virtual card through
the partner API, exactly as a partner would call it (token, card, PNG, wallet pass, self-check).
Development and demo only: not registered in production."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, render_template_string

demo_bp = Blueprint("virtual_demo", __name__, url_prefix="/demo")

PAGE = """<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Личный кабинет члена Профсоюза (демонстрация)</title>
<style>body{font-family:sans-serif;max-width:44em;margin:2em auto;padding:0 1em}
label{display:block;margin:.5em 0}input{width:100%;padding:.3em}.card{margin-top:1em;padding:1em;border-radius:.6em;
background:#eef4fb}.void{background:#fff3d6}img{max-width:100%;border-radius:.6em}</style></head>
<body><h1>Личный кабинет: мой профсоюзный билет</h1>
<p>Демонстрация: страница обращается к API партнёра шлюза так же, как сайт личного кабинета или приложение.
Токен партнёра и коды членов Профсоюза — в файле <code class="tech">var/demo-loaded.json</code> (раздел <code class="tech">virtual</code>).</p>
<form id="f"><label>Токен партнёра <input id="token" autocomplete="off"></label>
<label>Код члена Профсоюза в 1С <input id="ref" autocomplete="off"></label>
<button>Показать билет</button></form>
<div id="out" class="card" hidden></div>
<script src="/demo/personal-account.js"></script></body></html>"""

SCRIPT = r"""
const $ = (id) => document.getElementById(id);
const el = (tag, text) => { const e = document.createElement(tag); if (text) e.textContent = text; return e; };
async function blobAsDataUrl(blob) {
  return await new Promise((ok) => { const r = new FileReader(); r.onload = () => ok(r.result); r.readAsDataURL(blob); });
}
$('f').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const out = $('out'); out.hidden = false; out.replaceChildren(el('p', 'Загрузка…'));
  const headers = {Authorization: 'Bearer ' + $('token').value.trim()};
  const base = '/api/v1/partner/members/' + encodeURIComponent($('ref').value.trim()) + '/card';
  const r = await fetch(base, {headers});
  const body = await r.json();
  if (!r.ok) { out.replaceChildren(el('p', body.error ? body.error.message : 'Ошибка')); return; }
  out.className = body.valid ? 'card' : 'card void';
  const png = await fetch(base + '.png', {headers});
  const img = el('img'); img.alt = 'Лицевая сторона билета';
  if (png.ok) img.src = await blobAsDataUrl(await png.blob());
  const items = [
    el('h2', body.card_number_formatted),
    el('p', (body.valid ? 'Действителен' : 'Недействителен: ' + body.void_reason_text) + ' · ' + body.state_label),
    el('p', 'Формы: ' + body.forms.map((f) => f === 'virtual' ? 'виртуальная' : 'пластиковая').join(', ')
        + ' · дата выпуска ' + body.issue_date),
    img,
  ];
  const check = el('a', 'Проверить подлинность (QR-ссылка)'); check.href = body.verify_url; items.push(el('p'), check);
  if (body.pass_url) {
    const btn = el('button', 'Добавить в Wallet (.pkpass)');
    btn.addEventListener('click', async () => {
      const p = await fetch(body.pass_url, {headers});
      const a = el('a'); a.href = URL.createObjectURL(await p.blob()); a.download = 'epb-' + body.card_number + '.pkpass'; a.click();
    });
    items.push(el('p'), btn);
  }
  if (body.can_confirm_receipt) {
    const got = el('button', 'Получил');
    got.addEventListener('click', async () => {
      const p = await fetch(base + '/receipt', {method: 'POST', headers: {...headers, 'Content-Type': 'application/json'},
        body: JSON.stringify({answer: 'received'})});
      got.replaceWith(el('span', p.ok ? 'Спасибо: отметка «Выдан» передана в реестр.' : 'Не удалось отметить.'));
    });
    items.push(el('p'), got);
  }
  out.replaceChildren(...items);
});
"""


@demo_bp.get("/personal-account")
def personal_account() -> Any:
    return render_template_string(PAGE)


@demo_bp.get("/personal-account.js")
def personal_account_js() -> Any:
    return Response(SCRIPT, mimetype="text/javascript")
