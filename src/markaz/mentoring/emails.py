"""Who hears about a mentorship and its sessions, each in their own language."""

from __future__ import annotations

from markaz.core.notify import Attachment, send_email
from markaz.mentoring import ics


def team_contacts(venture) -> list:
    """The venture's team: logins (for their language) or the person's address."""
    contacts = []
    for member in venture.team.select_related("person__user"):
        person = member.person
        contacts.append(person.user if person.user_id else person.email)
    return [c for c in contacts if c]


def _team_names(venture) -> str:
    return ", ".join(m.person.name for m in venture.team.select_related("person"))


def introduce(mentorship) -> None:
    mentor, venture = mentorship.mentor, mentorship.venture
    context = {
        "mentor_name": mentor.display_name,
        "mentor_email": mentor.email,
        "venture": venture,
        "team_names": _team_names(venture),
        "team_emails": ", ".join(
            c if isinstance(c, str) else c.email for c in team_contacts(venture)
        ),
        "center": mentorship.center,
        "mentorship": mentorship,
    }
    send_email(to=[mentor.contact], template="mentoring/email/introduction_mentor", context=context)
    send_email(
        to=team_contacts(venture), template="mentoring/email/introduction_mentee", context=context
    )


def session_scheduled(session) -> None:
    mentorship = session.mentorship
    attachment = Attachment(
        filename="session.ics",
        content=ics.invite(session),
        mimetype="text/calendar; method=REQUEST",
    )
    send_email(
        to=[mentorship.mentor.contact, *team_contacts(mentorship.venture)],
        template="mentoring/email/session",
        context={
            "session": session,
            "mentor_name": mentorship.mentor.display_name,
            "venture": mentorship.venture,
            "center": mentorship.center,
        },
        attachments=(attachment,),
    )
