"""Reads of API tokens: a user sees only their own; through a token, only that center's."""

from markaz.core.models import ApiToken


def tokens_of(scope):
    if not scope.is_authenticated:
        return ApiToken.objects.none()
    qs = ApiToken.objects.filter(user_id=scope.user_id).select_related("center")
    if scope.token_center_id is not None:
        qs = qs.filter(center_id=scope.token_center_id)
    return qs.order_by("-created_at", "-id")
