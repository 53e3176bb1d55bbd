"""The model backend behind a throttle: a locked username or address cannot even try."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from . import throttle


class ThrottledModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is not None and throttle.is_locked(
            username=username, ip=throttle.client_ip(request)
        ):
            # A ValidationError passes through django.contrib.auth.authenticate() into the
            # login form's clean(), which shows it instead of "wrong password".
            raise throttle.LockedOut()
        return super().authenticate(request, username=username, password=password, **kwargs)
