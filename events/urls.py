from django.urls import path

from events import views
from selbsthilfe.page_cache import public_page

app_name = "events"
urlpatterns = [
    path(
        "veranstaltungen/",
        public_page(views.EventListView.as_view(), changes_with_time=True),
        name="list",
    ),
    path(
        "veranstaltungen/archiv/",
        public_page(views.EventListView.as_view(archive=True), changes_with_time=True),
        name="archive",
    ),
    path(
        "veranstaltungen/kalender.ics",
        public_page(views.events_feed, changes_with_time=True),
        name="feed",
    ),
    path(
        "veranstaltungen/reihe/<slug:slug>/",
        public_page(views.SeriesDetailView.as_view(), changes_with_time=True),
        name="series",
    ),
    path(
        "veranstaltungen/anmeldung/reihe/<str:token>/",
        views.SeriesRegistrationView.as_view(),
        name="series_registration",
    ),
    path(
        "veranstaltungen/anmeldung/<str:token>/",
        views.RegistrationView.as_view(),
        name="registration",
    ),
    path(
        "veranstaltungen/anmeldung/<str:token>/abmelden/",
        views.CancelRegistrationView.as_view(),
        name="cancel_registration",
    ),
    path(
        "veranstaltungen/<slug:slug>/",
        public_page(views.EventDetailView.as_view(), changes_with_time=True),
        name="detail",
    ),
    path(
        "veranstaltungen/<slug:slug>/kalender.ics",
        public_page(views.event_ics, changes_with_time=True),
        name="ics",
    ),
    path(
        "kontaktstellen/<slug:slug>/kalender.ics",
        public_page(views.contact_point_feed, changes_with_time=True),
        name="contact_point_feed",
    ),
]
