"""Reads of API tokens: a user sees only their own."""

from markaz.core.models import ApiToken


def tokens_of(scope):
    if not scope.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user_id=scope.user_id).select_related("center")
