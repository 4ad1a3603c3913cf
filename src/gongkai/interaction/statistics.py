"""Public statistics of an agency's messages in a year, by kind."""

from django.utils import timezone

from gongkai.interaction.models import Message, MessageKind, MessageState


def yearly_statistics(agency, year: int) -> dict:
    rows = {
        kind.value: {"label": str(kind.label), "received": 0, "answered": 0, "days": []}
        for kind in MessageKind
    }
    messages = Message.objects.filter(agency=agency, received_at__year=year).values_list(
        "kind", "state", "reply_workdays"
    )
    for kind, state, days in messages:
        row = rows[kind]
        row["received"] += 1
        if state == MessageState.ANSWERED:
            row["answered"] += 1
            if days is not None:
                row["days"].append(days)
    result = {"agency": agency.name, "year": year, "kinds": {}}
    for kind, row in rows.items():
        days = row.pop("days")
        row["average_reply_workdays"] = round(sum(days) / len(days), 1) if days else None
        row["longest_reply_workdays"] = max(days) if days else None
        result["kinds"][kind] = row
    return result


def current_year() -> int:
    return timezone.localdate().year
