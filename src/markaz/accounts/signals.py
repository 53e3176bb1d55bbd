"""Sign-in signals: count failures, clear them on success, start the two-factor step."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from . import session, throttle


@receiver(user_login_failed, dispatch_uid="accounts.login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get("username")
    if username is None:
        return
    throttle.record_failure(username=username, ip=throttle.client_ip(request))


@receiver(user_logged_in, dispatch_uid="accounts.logged_in")
def _logged_in(sender, request, user, **kwargs):
    throttle.reset(user.get_username(), getattr(user, "email", ""))
    session.on_login(request, user)
