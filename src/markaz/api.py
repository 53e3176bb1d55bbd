"""The REST API (django-ninja) at /api/v1/: one NinjaAPI, one router per app."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Markaz API",
    version="1.0.0",
    description="The Markaz REST API: centers, organizations, people, ventures and memberships.",
    urls_namespace="api-v1",
)
