"""The REST API (django-ninja) at /api/v1/: one NinjaAPI, one router per app.

Every operation needs a login (a center-scoped bearer token, or the session with CSRF)
unless it says `auth=None`. Errors are problem+json (see `markaz.core.api_errors`).
"""

from ninja import NinjaAPI

from markaz.accounts.api import router as accounts_router
from markaz.challenges.api import router as challenges_router
from markaz.core.api import router as core_router
from markaz.core.api_auth import API_AUTH
from markaz.core.api_errors import PROBLEM_CONTENT_TYPE, install
from markaz.events.api import router as events_router
from markaz.federation.api import router as federation_router
from markaz.funding.api import router as funding_router
from markaz.impact.api import router as impact_router
from markaz.jobs.api import router as jobs_router
from markaz.knowledge.api import router as knowledge_router
from markaz.mentoring.api import router as mentoring_router
from markaz.network.api import router as network_router
from markaz.networking.api import router as networking_router
from markaz.ops.api import router as ops_router
from markaz.portal.api import router as portal_router
from markaz.privacy.api import router as privacy_router
from markaz.programs.api import router as programs_router
from markaz.resources.api import router as resources_router
from markaz.review.api import router as review_router
from markaz.stakeholders.api import router as stakeholders_router
from markaz.ventures.api import router as ventures_router


class MarkazAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Declare error responses with the media type they are actually served with."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[PROBLEM_CONTENT_TYPE] = content.pop("application/json")
        return schema


api = MarkazAPI(
    title="Markaz API",
    version="1.0.0",
    description=(
        "The Markaz REST API: centers, organizations, people, ventures and memberships.\n\n"
        "Authenticate with a personal API token scoped to one center "
        "(`Authorization: Bearer mkz_...`, created with `markaz token create`) or, from the "
        "browser, with the session cookie and the CSRF token. Lists are paginated with "
        "`page` and `page_size` (at most 200). Errors are `application/problem+json` with a "
        "stable `code`. Send `Accept-Language: ar` for Arabic messages and values."
    ),
    urls_namespace="api-v1",
    auth=API_AUTH,
)
install(api)

api.add_router("", core_router)
api.add_router("", stakeholders_router, tags=["organizations and people"])
api.add_router("", ventures_router, tags=["ventures"])
api.add_router("", funding_router, tags=["funding"])
api.add_router("", mentoring_router, tags=["mentoring"])
api.add_router("", knowledge_router, tags=["knowledge and search"])
api.add_router("", challenges_router, tags=["challenges"])
api.add_router("", programs_router, tags=["programs, calls and applications"])
api.add_router("", review_router, tags=["review"])
api.add_router("", impact_router, tags=["impact"])
api.add_router("", events_router, tags=["events"])
api.add_router("", resources_router, tags=["resources and bookings"])
api.add_router("", networking_router, tags=["networking"])
api.add_router("", network_router, tags=["center network"])
api.add_router("", federation_router, tags=["federation"])
api.add_router("", portal_router, tags=["public portal"])
api.add_router("", accounts_router, tags=["accounts and security"])
api.add_router("", jobs_router, tags=["background jobs"])
api.add_router("", ops_router, tags=["operations"])
api.add_router("", privacy_router, tags=["privacy"])
