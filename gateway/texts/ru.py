"""Every Russian text a user reads, in one place.

Keys are the codes stored in the database (the ``StrEnum`` values hash like their strings, so an
enum member looks its label up directly). Words follow the grammatical gender of what they describe:
a card (ЭПБ, «билет» in the registry) and an order are masculine as in 1C's «Выдан» / «Отказ»;
a batch («партия») is feminine. Free-form reasons the services write into the history (English, for
the logs) are turned into Russian by :func:`event_reason`; who did it by :func:`actor_text`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

# --- states -------------------------------------------------------------------------------------

STATE_LABELS: dict[str, str] = {
    "submitted": "Подан",
    "accepted": "Принят",
    "rejected": "Отклонён",
    "batched": "В партии",
    "produced": "Изготовлен",
    "dispatched": "Отправлен в регион",
    "issued": "Выдан",
    "refused": "Отказ",
    "cancelled": "Отменён",
    "allocated": "Номер присвоен",
    "queued": "В очереди печати",
    "printing": "Печатается",
    "needs_inspection": "Требует проверки",
    "spoiled": "Испорчен",
    "withdrawn": "Аннулирован",
    "virtual": "Выдан в виртуальном виде",
    "formed": "Сформирована",
    "paused": "Приостановлена",
}

# «Партия» is feminine: «Изготовлена», not «Изготовлен».
BATCH_STATE_LABELS: dict[str, str] = {
    "formed": "Сформирована",
    "printing": "Печатается",
    "paused": "Приостановлена",
    "produced": "Изготовлена",
    "dispatched": "Отправлена в регион",
    "cancelled": "Отменена",
}

ENTITY_ACCUSATIVE = {"order": "заказ", "card": "карту", "batch": "партию"}

ORDER_REASONS = {
    "first": "Первичный выпуск",
    "lost": "Перевыпуск: утеря",
    "damaged": "Перевыпуск: порча",
    "name_changed": "Перевыпуск: смена ФИО",
}
ORDER_SOURCES = {"onec": "из 1С", "api": "через API", "upload": "файлом", "web": "в веб-форме"}

ONEC_STATUSES = {
    "ordered": "Заказан",
    "produced": "Изготовлен",
    "issued": "Выдан",
    "refused": "Отказ",
    "withdrawn": "Аннулирован",
}
OUTBOX_STATES = {"pending": "ждёт отправки", "delivered": "доставлен", "dead": "не доставлен"}
SYNC_STATES = {"running": "идёт", "succeeded": "завершена", "failed": "ошибка"}
SYNC_KINDS = {"full": "полная", "incremental": "изменения"}
SYNC_STAGES = {
    "organisations": "организации",
    "members": "члены Профсоюза",
    "card_orders": "заявки на карты",
    "changes": "изменения",
    "done": "завершена",
}
SYNC_COUNTS = {
    "organisations_seen": "организаций прочитано",
    "organisations_written": "организаций записано",
    "organisations_tombstoned": "организаций удалено в 1С",
    "organisations_relinked": "организаций перепривязано",
    "organisations_region_changed": "организаций сменили регион",
    "organisations_parent_unknown": "организаций с неизвестной вышестоящей",
    "organisations_unknown_kind": "организаций неизвестного вида",
    "members_seen": "членов прочитано",
    "members_written": "членов записано",
    "members_deleted": "членов удалено в 1С",
    "members_tombstoned": "членов удалено в 1С (с картами)",
    "members_without_organisation": "членов без организации",
    "members_without_birth_date": "членов без даты рождения",
    "members_unknown_category": "членов без категории",
    "card_orders_seen": "заявок прочитано",
    "card_orders_skipped": "заявок пропущено",
    "card_orders_rechecked": "заявок перепроверено",
    "card_orders_deleted_ignored": "удалённых заявок пропущено",
    "order_lines_accepted": "строк заявок принято",
    "order_lines_rejected": "строк заявок отклонено",
    "order_lines_withdrawn": "строк заявок отозвано",
    "order_lines_withdrawal_too_late": "строк отозвано слишком поздно",
    "messages": "сообщений",
    "changes": "изменений",
}
RECONCILIATION_STATES = {
    "queued": "в очереди",
    "running": "выполняется",
    "succeeded": "готова",
    "failed": "не выполнена",
}
RECONCILIATION_KINDS = {
    "members": "Члены Профсоюза",
    "statuses": "Статусы карт",
    "outbox_dead": "Недоставленные статусы",
    "onec_order_lines_rejected": "Отклонённые строки заявок 1С",
    "onec_order_lines_withdrawn_too_late": "Заявки 1С отозваны слишком поздно",
}
UPLOAD_STATES = {
    "queued": "в очереди",
    "processing": "обрабатывается",
    "done": "обработан",
    "failed": "не прочитан",
}
UPLOAD_ROW_RESULT = {True: "принят", False: "отклонён"}
STATION_STATES = {"idle": "Свободна", "printing": "Печатает", "paused": "На паузе"}
TOKEN_KINDS = {
    "region": "Система региона",
    "onec_sync": "Синхронизация с 1С",
    "operator": "Центральный офис",
}
ROLES = {
    "admin": "Администратор",
    "operator": "Оператор ЦС",
    "regional": "Региональная организация",
    "auditor": "Аудитор",
}
AUDIT_ACTIONS = {
    "login": "Вход",
    "login_failed": "Неудачный вход",
    "login_throttled": "Вход заблокирован (много попыток)",
    "logout": "Выход",
    "password_changed": "Смена пароля",
    "user_created": "Создан пользователь",
    "user_updated": "Изменён пользователь",
    "user_password_reset": "Пароль сброшен администратором",
    "token_created": "Создан API-токен",
    "token_revoked": "Отозван API-токен",
    "orders_submitted": "Поданы заказы",
    "upload_created": "Загружен файл заказов",
    "order_cancelled": "Отменён заказ",
    "card_marked": "Отмечен статус карты",
    "batches_formed": "Сформированы партии",
    "batch_action": "Действие с партией",
    "outbox_retry": "Повтор отправки в 1С",
    "sync_started": "Запущена синхронизация с 1С",
    "reconciliation_started": "Запущена сверка с 1С",
}

# Why a member refused the card («Отказ»): a short list and free text.
REFUSAL_REASONS = {
    "declined": "Член Профсоюза отказался от карты",
    "left_union": "Выбыл из Профсоюза",
    "not_reached": "Не удалось вручить: не явился, нет связи",
    "wrong_data": "Ошибка в данных на карте",
    "other": "Другая причина",
}

# --- API request validation (gateway/api/validation.py) -------------------------------------------
# Keyed by pydantic's error type; {field} is the offending field, the rest come from the error's context.
API_VALIDATION = {
    "missing": "Обязательное поле «{field}» не указано.",
    "extra_forbidden": "Неизвестное поле «{field}».",
    "int_parsing": "«{field}» — целое число.",
    "int_type": "«{field}» — целое число.",
    "int_from_float": "«{field}» — целое число.",
    "greater_than_equal": "«{field}» — целое число не меньше {ge}.",
    "less_than_equal": "«{field}» — целое число не больше {le}.",
    "enum": "«{field}» — одно из значений: {expected}.",
    "literal_error": "«{field}» — одно из значений: {expected}.",
    "uuid_parsing": "«{field}» должен быть GUID (например, ссылка на члена Профсоюза в 1С).",
    "uuid_type": "«{field}» должен быть GUID (например, ссылка на члена Профсоюза в 1С).",
    "date_from_datetime_parsing": "«{field}» — дата в формате ГГГГ-ММ-ДД.",
    "date_parsing": "«{field}» — дата в формате ГГГГ-ММ-ДД.",
    "date_type": "«{field}» — дата в формате ГГГГ-ММ-ДД.",
    "string_type": "Поле «{field}» должно быть строкой.",
    "string_too_short": "Поле «{field}» не может быть пустым.",
    "string_too_long": "Поле «{field}» длиннее {max_length} символов.",
    "bool_parsing": "«{field}» — true или false.",
    "bool_type": "«{field}» — true или false.",
    "list_type": "«{field}» — список.",
    "too_short": "«{field}» — непустой список.",
    "model_type": "«{field}» должно быть JSON-объектом.",
    "model_attributes_type": "«{field}» должно быть JSON-объектом.",
    "dict_type": "«{field}» должно быть JSON-объектом.",
}
API_VALIDATION_OTHER = "Неверное значение поля «{field}»."
API_BODY = "тело запроса"  # the field name of an error about the whole body
API_INVALID_JSON = "Тело запроса должно быть JSON-объектом (Content-Type: application/json)."
API_MEMBER_REQUIRED = "Укажите member_ref или surname, name и birth_date."
API_OUTBOX_STATE = "Состояние должно быть одним из: pending, delivered, dead."

# --- pages ----------------------------------------------------------------------------------------

HTTP_MESSAGES = {
    400: "Некорректный запрос.",
    403: "Недостаточно прав для этой страницы или действия.",
    404: "Страница не найдена.",
    405: "Метод не поддерживается.",
    413: "Слишком большой файл.",
}
CSRF_MESSAGE = "Форма устарела или открыта в другой сессии. Обновите страницу и повторите."
BAD_DATE = "Такой даты нет: укажите день в виде ДД.ММ.ГГГГ, например 01.03.2026."

# Beside each member found in the order form's search.
MEMBER_MARKS = {
    "left": "выбыл из Профсоюза {date}",
    "has-card": "уже есть карта",
    "virtual": "ЭПБ выдан в виртуальном виде",
    "ordered": "заказ подан",
    "no-consent": "нет согласия на обработку ПДн",
}

# Why a station paused on an error its device adapters did not classify (gateway.printing.worker).
DEVICE_FAULTS = {
    "card_reader": (
        "Считыватель карт недоступен: служба PC/SC или считыватель не отвечает. Проверьте "
        "подключение считывателя и службу pcscd на компьютере станции, затем продолжите партию."
    ),
    "no_connection": (
        "Нет связи с устройством станции (принтер или считыватель карт не отвечает). Проверьте "
        "питание и подключение устройств, затем продолжите партию."
    ),
    "internal": (
        "Внутренняя ошибка станции (код {code}). Проверьте журнал станции и принтер, затем продолжите партию."
    ),
}

# --- messages after an action (flash) -------------------------------------------------------------
# Templates with ``{placeholders}`` are filled by the view with ``str.format``.

FLASH = {
    # sign-in and accounts
    "logged_out": "Вы вышли из системы.",
    "session_ended": "Сеанс завершён. Войдите снова.",
    "password_changed": "Пароль изменён.",
    "login_failed": "Неверный логин или пароль.",
    "password_mismatch": "Новый пароль и повтор не совпадают.",
    "self_demotion": "Нельзя снять права администратора или заблокировать самого себя.",
    "changes_saved": "Изменения сохранены.",
    "role_required": "Выберите роль из списка.",
    "token_name_required": "Укажите, для кого токен.",
    "token_kind_required": "Выберите вид токена.",
    "token_revoked": "Токен «{name}» отозван.",
    # batches
    "batch_size_invalid": "Размер партии — целое число от 1 до {max_size}.",
    "batch_formed": "Сформирована партия № {batch}: карт {cards}.",
    "batches_formed": "Сформировано партий: {count}.",
    "nothing_to_batch": "Нет принятых заказов, ожидающих печати.",
    "nothing_to_batch_in_region": "Нет принятых заказов, ожидающих печати в этом регионе.",
    "station_required": "Выберите станцию печати из списка.",
    "batch_started": "Партия № {batch} запущена на станции «{station}».",
    "batch_started_many": "Партия № {batch} запущена на станциях «{station}».",
    "batch_paused": "Партия № {batch} приостановлена.",
    "batch_resumed": "Печать партии № {batch} продолжена.",
    "batch_cancelled": "Партия № {batch} отменена; ненапечатанные заказы вернулись в очередь.",
    "batch_dispatched": "Партия № {batch} отправлена в регионы: карт {cards}.",
    "card_resolved_good": "Карта {number}: годна.",
    "card_resolved_spoiled": "Карта {number}: испорчена, заказана замена.",
    "stock_saved": "Учёт заготовок сохранён.",
    "stock_signed_off": "Отчёт о заготовках партии № {batch} подписан.",
    "manifest_required": "Выберите файл манифеста, полученный от бюро.",
    "manifest_loaded": "Манифест загружен: изготовлено {produced}, испорчено {spoiled}.",
    "manifest_replacements": " Замен ждут отправки в бюро: {count}.",
    # cards in the region
    "card_marked": (
        "Карта {number}: «{status}». Статус будет передан в 1С; "
        "ошибочную отметку можно отменить в течение {minutes} минут."
    ),
    "card_mark_undone": "Отметка «{status}» отменена: карта снова «Отправлен в регион».",
    "refusal_reason_required": "Выберите причину отказа.",
    "refusal_note_required": "Опишите причину отказа.",
    "too_many_numbers": "Не больше {limit} номеров за раз.",
    "no_numbers": "Введите или отсканируйте хотя бы один номер карты.",
    "number_repeated": "Номер повторяется в списке.",
    "number_format": "Номер карты — 16 цифр.",
    "card_not_found": "Карта с таким номером не найдена.",
    # orders and uploads
    "order_cancelled": "Заказ отменён; номер карты аннулирован и больше не будет использован.",
    "no_members_chosen": "Отметьте хотя бы одного члена Профсоюза.",
    "upload_accepted": "Файл принят и обрабатывается.",
    "upload_region_required": "Выберите регион, для которого загружается файл.",
    "upload_file_required": "Выберите файл (CSV или XLSX).",
    # 1C
    "sync_started": "Синхронизация запущена; её ход виден в списке запусков (обновите страницу).",
    "outbox_requeued": "Сообщение поставлено в очередь на повторную отправку.",
    "outbox_requeued_many": "На повторную отправку поставлено сообщений: {count}.",
    "reconciliation_started": "Сверка запущена; результат появится на этой странице.",
    "reconciliation_running": "Сверка уже выполняется; дождитесь её результата.",
    # reports
    "period_reversed": "Конец периода раньше его начала.",
}

# The public card verification pages (/verify, /v): a verdict's heading and explanation, by
# ``gateway.printing.verification.Verdict`` value.
CARD_VERDICTS: dict[str, tuple[str, str]] = {
    "valid": ("Билет подлинный", "Электронный профсоюзный билет выпущен Профсоюзом и действителен."),
    "issued": ("Билет подлинный и выдан", "Билет выпущен Профсоюзом, выдан члену Профсоюза и действителен."),
    "withdrawn": ("Билет недействителен", "Билет был выпущен Профсоюзом, но больше не действителен."),
    "forged": (
        "Билет не подтверждён",
        "Данные билета не прошли проверку подписи: билет поддельный или повреждён.",
    ),
}
# Why a virtual or plastic ЭПБ is no longer valid (``gateway.virtual.validity.VoidReason``), in
# neutral words: the page is public, so nothing about the member beyond the fact.
VOID_REASONS: dict[str, str] = {
    "replaced": "Билет заменён билетом с другим номером.",
    "withdrawn": "Билет аннулирован.",
    "membership_ended": "Членство в Профсоюзе по этому билету прекращено.",
    "record_closed": "Учётная запись этого билета закрыта в реестре Профсоюза.",
    "not_issued": "Билет не был выдан.",
}
# A chip's link names a number the gateway never issued.
CARD_LINK_UNKNOWN = ("Билет не найден", "Билета с таким номером Профсоюз не выпускал. Билет поддельный.")

# --- the history of cards, orders and batches ------------------------------------------------------

# Steps a print station records for each card (``card_printing.pipeline``).
PRINT_STEPS = {
    "feed": "Подача заготовки в принтер",
    "fed": "Заготовка в принтере",
    "at_encoder": "Карта у кодировщика чипа",
    "encoded": "Чип записан",
    "encode_failed": "Чип не записан",
    "verified": "Чип прочитан и сверен",
    "print": "Печать",
    "printed": "Напечатана",
    "ejected": "Выдана из принтера",
    "rejected": "Сброшена в лоток брака",
    "reject_failed": "Не удалось сбросить в лоток брака",
    "printer_error": "Ошибка принтера",
}

_EXACT_REASONS = {
    "station error mid-card": "Сбой станции во время печати карты",
    "station error": "Сбой станции",
    "station restarted while the card was in progress": "Станция перезапущена во время печати карты",
    "verified and printed": "Чип сверен, карта напечатана",
    "resumed": "Печать продолжена",
    "cancelled by operator": "Отменена оператором",
    "last card resolved": "Проверена последняя карта",
    "every card produced": "Все карты изготовлены",
    "inspected: good": "Проверена оператором: годна",
    "inspected: spoiled": "Проверена оператором: испорчена",
    "inspected card produced": "Карта проверена оператором: годна",
    "shipped to regions": "Отправлена в регионы",
    "order cancelled": "Заказ отменён",
    "cancelled in the web interface": "Отменён в веб-интерфейсе",
    "cancelled by submitter": "Отменён подавшей стороной",
    "undo: mistaken mark": "Ошибочная отметка отменена",
    "closed early by operator": "сформирована оператором досрочно",
    "operator": "Приостановлена оператором",
    "needs_inspection": "Есть карты, требующие проверки",
    "station_error": "Сбой станции",
    "spoiled": "Карта испорчена",
    "fault": "Неисправность",
}


def _same(text: str) -> str:
    return text


def _reason_patterns() -> list[tuple[re.Pattern[str], Callable[..., str]]]:
    def p(pattern: str, fn: Callable[..., str]) -> tuple[re.Pattern[str], Callable[..., str]]:
        return re.compile(pattern), fn

    return [
        p(r"^min_size (\d+) reached$", lambda m: f"набралось {m[1]} заказов"),
        p(r"^waited over ([\d.]+) h$", lambda m: f"заказы ждали дольше {m[1].replace('.', ',')} ч"),
        p(
            r"^(onec|upload|api|web): (\w+)$",
            lambda m: f"Заказ {ORDER_SOURCES[m[1]]} ({_lower(ORDER_REASONS, m[2])})",
        ),
        p(
            r"^refusal: (\w+)(?:: (.*))?$",
            lambda m: REFUSAL_REASONS[m[1]] + (f" — {m[2]}" if m[2] else ""),
        ),
        p(r"^reissue: (\w+)$", lambda m: f"Перевыпуск ({_lower(ORDER_REASONS, m[1])})"),
        p(r"^batch (\d+) produced$", lambda m: f"Партия № {m[1]} изготовлена"),
        p(r"^batch (\d+) dispatched$", lambda m: f"Партия № {m[1]} отправлена в регион"),
        p(r"^batch (\d+) cancelled$", lambda m: f"Партия № {m[1]} отменена"),
        p(r"^batch (\d+)$", lambda m: f"В партию № {m[1]}"),
        p(r"^replacement in batch (\d+)$", lambda m: f"Замена в партии № {m[1]}"),
        p(r"^replaces spoiled card (\d+)$", lambda m: f"Замена испорченной карты {m[1]}"),
        p(r"^started on station (.+)$", lambda m, mark=_same: f"Запущена на станции «{mark(m[1])}»"),
        p(r"^station (.+)$", lambda m, mark=_same: f"Печать на станции «{mark(m[1])}»"),
        p(
            r"^spoil limit (\d+) reached",
            lambda m: f"Исчерпан лимит замен ({m[1]}): заказ вернулся в очередь",
        ),
    ]


def _lower(table: Mapping[str, str], key: str) -> str:
    text = table.get(key, key)
    return text[:1].lower() + text[1:]


_PATTERNS = _reason_patterns()


def event_reason(reason: str | None, mark: Callable[[str], str] = _same) -> str:
    """The Russian words for a reason written into the history; never an internal code.
    ``mark`` wraps identifiers inside (a station's name) for the pages."""
    if not reason:
        return ""
    if reason in PRINT_STEPS:
        return PRINT_STEPS[reason]
    if reason in _EXACT_REASONS:
        return _EXACT_REASONS[reason]
    for pattern, words in _PATTERNS:
        match = pattern.match(reason)
        if match:
            try:
                return words(match, mark=mark) if "station" in pattern.pattern else words(match)
            except KeyError:
                break
    # A code this list does not know yet (a printer's or reader's status code): said plainly
    # rather than shown raw; the code itself stays in the event for the operators' logs.
    return "Прочая причина (см. журнал)"


def batch_formed_reason(reason: str, formed_by: str) -> str:
    """Why a batch was formed, and by whom: by hand, by the schedule, from the command line."""
    why = event_reason(reason)
    if reason == "closed early by operator":
        return why[:1].upper() + why[1:]
    by_hand = formed_by.startswith("user:") or formed_by.startswith("token:")
    who = "Сформирована оператором" if by_hand else "Сформирована автоматически"
    return f"{who}: {why}" if why else who


_FIXED_ACTORS = {
    "1c": "1С (синхронизация)",
    "system:batching": "автоматически, по расписанию",
    "system": "система",
    "cli": "командная строка",
    "anonymous": "не вошедший пользователь",
}


def actor_text(
    actor: str | None, user_names: Mapping[int, str] | None = None, mark: Callable[[str], str] = _same
) -> str:
    """«Кто»: a user's name, 1C, a station or an API token — never ``user:2``. ``mark`` wraps
    identifiers (a station's name) for the pages."""
    if not actor:
        return "—"
    if actor in _FIXED_ACTORS:
        return _FIXED_ACTORS[actor]
    kind, _, ident = actor.partition(":")
    if kind == "user":
        if ident.isdigit() and user_names and int(ident) in user_names:
            return user_names[int(ident)]
        return "пользователь веб-интерфейса"
    if kind == "station":
        return f"станция печати «{mark(ident)}»"
    if kind == "token":
        return f"система по API-токену № {ident}"
    return "система"


# --- the audit log --------------------------------------------------------------------------------

AUDIT_TARGETS = {
    "batch": "партия",
    "card": "карта",
    "upload": "загрузка",
    "order": "заказ",
    "user": "пользователь",
    "token": "API-токен",
    "outbox": "статус для 1С",
}
_AUDIT_KEYS = {
    "action": "действие",
    "station": "станция",
    "cards": "карт",
    "card": "карта",
    "batches": "партий",
    "region": "регион",
    "format": "формат",
    "status": "статус",
    "kind": "вид",
    "messages": "сообщений",
    "run": "сверка №",
    "verdict": "решение",
    "role": "роль",
    "active": "активен",
    "accepted": "принято",
    "rejected": "отклонено",
    "source": "источник",
    "unknown_login": "неизвестный логин",
    "reason": "причина",
    "undo": "отмена отметки",
}
YES_NO = {True: "да", False: "нет"}
_AUDIT_VALUES: dict[str, str] = {
    "start": "запуск печати",
    "pause": "пауза",
    "resume": "продолжение",
    "cancel": "отмена",
    "dispatch": "отправка в регионы",
    "resolve_card": "проверка карты",
    "good": "годна",
    "issued": "Выдан",
    "refused": "Отказ",
    "full": "полная",
    "incremental": "изменения",
    "csv": "CSV",
    "xlsx": "XLSX",
    **{k: v.lower() for k, v in ROLES.items()},
    **TOKEN_KINDS,
    **ORDER_SOURCES,
}


def audit_details(details: Mapping[str, object] | None, mark: Callable[[str], str] = _same) -> str:
    """An audit entry's details as words: «действие: запуск печати; станция: main» (``mark``
    wraps identifiers — a station's name, a card number — for the pages)."""
    if not details:
        return ""
    parts = []
    for key, value in details.items():
        label = _AUDIT_KEYS.get(key)
        if label is None:
            continue
        if isinstance(value, list):
            shown = str(len(value)) if key in ("cards", "batches") else ", ".join(map(str, value))
        elif key in ("station", "card", "region"):
            shown = mark(str(value))
        elif isinstance(value, bool):
            shown = YES_NO[value]
        elif isinstance(value, str):
            shown = _AUDIT_VALUES.get(value, value)
        else:
            shown = str(value)
        parts.append(f"{label}: {shown}")
    return "; ".join(parts)


# --- print stations -------------------------------------------------------------------------------

STATION_REQUIRED = 'Укажите станцию печати: {"station": "main"} или несколько: {"stations": ["a", "b"]}.'
STATION_ALREADY_ASSIGNED = "Эти станции уже печатают эту партию."
TOO_MANY_STATIONS = "Слишком много станций для одной партии: выберите не больше пяти-шести."
