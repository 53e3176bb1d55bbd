"""What the core access matrices need from events: center B's event, question and
registration (members-only, so no persona of center A may see them)."""

PAGE_PK_PREFIXES = [
    ("events-registration", "event_registration_b"),
    ("events-question-delete", "event_question_b"),
    ("events-", "event_b"),
]
API_OBJECT_FOR = {
    "event_id": "event_b",
    "question_id": "event_question_b",
    "registration_id": "event_registration_b",
}


def objects_b(center_b, objects: dict) -> dict:
    import datetime as dt

    from markaz.core.models import Membership
    from markaz.events.factories import EventFactory, QuestionFactory, RegistrationFactory

    event = EventFactory(
        center=center_b,
        title_en="Baobab members evening",
        online_url="https://meet.example.org/baobab",
        mode="hybrid",
        capacity=5,
        starts_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1),
        ends_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=2),
    )
    user = Membership.objects.filter(center=center_b).first().user
    return {
        "event_b": event,
        "event_question_b": QuestionFactory(event=event),
        "event_registration_b": RegistrationFactory(event=event, user=user),
    }


def api_body(operation: str, objects: dict) -> dict:
    if operation in {"create_event", "update_event"}:
        return {
            "kind": "workshop",
            "mode": "in_person",
            "venue": "Planted hall",
            "starts_at": "2026-06-01T09:00:00",
            "ends_at": "2026-06-01T12:00:00",
        }
    if operation == "add_event_question":
        return {"kind": "text", "label_en": "Planted"}
    if operation == "check_in_event_ticket":
        return {"code": objects["event_registration_b"].ticket_code}
    if operation == "decide_event_registration":
        return {"approve": True}
    if operation == "submit_event_feedback":
        return {"rating": 5, "comment": "Planted"}
    return {}


def state_of_b(center_b) -> dict:
    from markaz.events.models import Event, Question, Registration

    return {
        "events": list(Event.objects.filter(center=center_b).values_list("pk", "title_en")),
        "event_questions": list(
            Question.objects.filter(event__center=center_b).values_list("pk", "label_en")
        ),
        "event_registrations": list(
            Registration.objects.filter(event__center=center_b).values_list(
                "pk", "user_id", "status", "checked_in_at"
            )
        ),
    }
