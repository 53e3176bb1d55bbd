from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from markaz.api import api
from markaz.core.api_errors import unknown_endpoint
from markaz.core.views import healthz
from markaz.portal.views import sitemap as portal_sitemap

# A database outage answers 503 with Retry-After (markaz.core.outage), other failures 500.
handler500 = "markaz.core.outage.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("sitemap.xml", portal_sitemap, name="sitemap"),
    path("api/v1/", api.urls),
    path("api/v1/<path:rest>", unknown_endpoint),
    # Federation's machine endpoints (actor, outbox, inbox, activities): no language prefix.
    path("", include("markaz.federation.machine_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("ops/admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("", include("markaz.core.urls")),
    path("c/<slug:center>/organizations/", include("markaz.stakeholders.urls_orgs")),
    path("c/<slug:center>/people/", include("markaz.stakeholders.urls_people")),
    path("c/<slug:center>/ventures/", include("markaz.ventures.urls")),
    path("", include("markaz.funding.urls")),
    path("", include("markaz.mentoring.urls")),
    path("", include("markaz.knowledge.urls")),
    path("", include("markaz.challenges.urls")),
    path("", include("markaz.programs.urls")),
    path("", include("markaz.review.urls")),
    path("", include("markaz.impact.urls")),
    path("", include("markaz.events.urls")),
    path("", include("markaz.resources.urls")),
    path("", include("markaz.networking.urls")),
    path("", include("markaz.network.urls")),
    path("", include("markaz.federation.urls")),
    path("", include("markaz.portal.urls")),
    path("", include("markaz.accounts.urls")),
    path("", include("markaz.jobs.urls")),
    path("", include("markaz.ops.urls")),
    path("", include("markaz.privacy.urls")),
    prefix_default_language=True,
)

if settings.MARKAZ_BENCH:
    from markaz.core.views import bench_ceiling

    # The benchmark's ceiling: a bare view with a fixed payload, no database, no templates.
    urlpatterns.append(path("bench/ceiling", bench_ceiling))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
