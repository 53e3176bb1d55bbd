"""`markaz events remind [--hours N]`: remind confirmed registrants of events starting within
N hours (never twice). `markaz events request-feedback [--days N]`: ask attendees of events
that ended in the last N days for feedback (never twice). Schedule both, e.g. hourly."""

from __future__ import annotations


def cmd_remind(args) -> None:
    from markaz.cli import setup_django

    setup_django()
    from markaz.events.services import send_reminders

    sent = send_reminders(hours=args.hours)
    print(f"{sent} reminder(s) sent for events starting within {args.hours} hours")


def cmd_request_feedback(args) -> None:
    from markaz.cli import setup_django

    setup_django()
    from markaz.events.services import send_feedback_requests

    sent = send_feedback_requests(days=args.days)
    print(f"{sent} feedback request(s) sent")


def register(subparsers) -> None:
    p = subparsers.add_parser("events", help="event reminders and feedback requests")
    sub = p.add_subparsers(dest="events_command", required=True)
    remind = sub.add_parser("remind", help="remind registrants of events starting soon (once)")
    remind.add_argument("--hours", type=int, default=24, help="look-ahead window (default 24)")
    remind.set_defaults(func=cmd_remind)
    feedback = sub.add_parser(
        "request-feedback", help="ask attendees of recent events for feedback (once)"
    )
    feedback.add_argument("--days", type=int, default=7, help="look-back window (default 7)")
    feedback.set_defaults(func=cmd_request_feedback)
