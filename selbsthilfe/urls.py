"""URL configuration: public pages under German paths, staff in the admin."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from contactpoints import staff_views
from contactpoints.permissions import scoped_view_on_site
from groups.views import HomeView
from selbsthilfe import feeds, health, privacy_rights, sitemaps, two_factor, views
from selbsthilfe.page_cache import public_page

urlpatterns = [
    path("", public_page(HomeView.as_view(), changes_with_time=True), name="home"),
    path("", include("groups.urls")),
    path("", include("contactpoints.urls")),
    path("", include("events.urls")),
    path(
        "sitemap.xml",
        public_page(sitemap_views.index, changes_with_time=True),
        {"sitemaps": sitemaps.SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        public_page(sitemap_views.sitemap, changes_with_time=True),
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
    path(
        "feeds/<str:state>/gruppen.atom",
        public_page(feeds.NewGroupsFeed()),
        name="state_groups_feed",
    ),
    path(
        "feeds/<str:state>/veranstaltungen.atom",
        public_page(feeds.UpcomingEventsFeed(), changes_with_time=True),
        name="state_events_feed",
    ),
    path(
        "kontaktstellen/<slug:slug>/gruppen.atom",
        public_page(feeds.NewGroupsFeed()),
        name="contact_point_groups_feed",
    ),
    path(
        "kontaktstellen/<slug:slug>/veranstaltungen.atom",
        public_page(feeds.UpcomingEventsFeed(), changes_with_time=True),
        name="contact_point_events_feed",
    ),
    path("impressum/", public_page(views.ImprintView.as_view()), name="imprint"),
    path("datenschutz/", public_page(views.PrivacyView.as_view()), name="privacy"),
    path("barrierefreiheit/", public_page(views.AccessibilityView.as_view()), name="accessibility"),
    path("leichte-sprache/", public_page(views.EasyReadView.as_view()), name="easy_read"),
    path("gebaerdensprache/", public_page(views.SignLanguageView.as_view()), name="sign_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", health.alive, name="healthz"),
    path("readyz", health.ready, name="readyz"),
    # Before the admin's own "view on site" redirect, which checks no contact point.
    path(
        f"{settings.ADMIN_PATH}r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(scoped_view_on_site),
    ),
    path(f"{settings.ADMIN_PATH}anfrage/", staff_views.quick_inquiry, name="quick_inquiry"),
    path(
        f"{settings.ADMIN_PATH}betroffenenrechte/",
        privacy_rights.privacy_rights,
        name="privacy_rights",
    ),
    path(f"{settings.ADMIN_PATH}zwei-faktor/", two_factor.overview, name="two_factor"),
    path(f"{settings.ADMIN_PATH}zwei-faktor/pruefen/", two_factor.verify, name="two_factor_verify"),
    path(f"{settings.ADMIN_PATH}passkeys/", include("django_otp_webauthn.urls")),
    path(f"{settings.ADMIN_PATH}bericht/", staff_views.report_start, name="annual_report_start"),
    path(
        f"{settings.ADMIN_PATH}bericht/<int:year>/<slug:slug>/",
        staff_views.report_page,
        name="annual_report",
    ),
    path(
        f"{settings.ADMIN_PATH}bericht/<int:year>/<slug:slug>.<str:extension>",
        staff_views.report_export,
        name="annual_report_export",
    ),
    path(
        f"{settings.ADMIN_PATH}wegweiser/<slug:slug>.pdf",
        staff_views.directory_pdf,
        name="printed_directory",
    ),
    path(f"{settings.ADMIN_PATH}", admin.site.urls),
]

# Uploaded files from the development server (static() adds nothing unless DEBUG); nginx
# serves them in production (docs/deployment.md).
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

admin.site.site_header = "Selbsthilfe-Wegweiser"
# The start page lists every area; without the sidebar beside them, the change lists have the
# width of a 1280 px screen for their columns.
admin.site.enable_nav_sidebar = False
admin.site.site_title = "Selbsthilfe-Wegweiser"
