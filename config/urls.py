from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("binhdang.core.urls")),
    path("accounts/", include("binhdang.accounts.urls")),
    path("units/", include("binhdang.geo.urls")),
    path("agencies/", include("binhdang.agencies.urls")),
    path("plans/", include("binhdang.plans.urls")),
    path("reports/", include("binhdang.reporting.urls")),
    path("media-agencies/", include("binhdang.media.urls")),
    path("conventions/", include("binhdang.conventions.urls")),
    path("registries/", include("binhdang.registries.urls")),
    path("progress/", include("binhdang.indicators.urls")),
    path("documents/", include("binhdang.documents.urls")),
    path("api/", include("binhdang.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
