"""Helpers for server-rendered views: center resolution, pagination, service errors."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator

from markaz.core.access import get_center_for


def center_view(*roles: str):
    """Resolve `center` from the URL once, require one of `roles` there (any role if none).

    Anonymous users are sent to sign in; signed-in users without the role get 404, the same
    answer as for a center that does not exist.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, center: str, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            request.center = get_center_for(request.scope, center, *roles)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def paginate(request, queryset, per_page: int | None = None):
    paginator = Paginator(queryset, per_page or settings.MARKAZ_PAGE_SIZE)
    try:
        number = int(request.GET.get("page", 1))
    except ValueError:
        number = 1
    number = min(max(number, 1), max(paginator.num_pages, 1))
    return paginator.page(number)


def query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def apply_service_errors(form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form, by field where it names one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def forbid_unless(allowed: bool) -> None:
    """For an object the user can see but not change: 403 (404 is for what they cannot see)."""
    if not allowed:
        raise PermissionDenied
