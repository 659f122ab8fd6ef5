"""URL configuration: public pages under German paths, staff in the admin."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from groups.views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("", include("groups.urls")),
    path("", include("contactpoints.urls")),
    path("", include("events.urls")),
    path("impressum/", TemplateView.as_view(template_name="pages/imprint.html"), name="imprint"),
    path("datenschutz/", TemplateView.as_view(template_name="pages/privacy.html"), name="privacy"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("verwaltung/", admin.site.urls),
]

admin.site.site_header = "Selbsthilfe-Wegweiser"
admin.site.site_title = "Selbsthilfe-Wegweiser"
