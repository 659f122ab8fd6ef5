from django.urls import path

from events import views
from selbsthilfe.page_cache import public_page

app_name = "events"
urlpatterns = [
    path("veranstaltungen/", public_page(views.EventListView.as_view()), name="list"),
    path(
        "veranstaltungen/archiv/",
        public_page(views.EventListView.as_view(archive=True)),
        name="archive",
    ),
    path("veranstaltungen/kalender.ics", public_page(views.events_feed), name="feed"),
    path(
        "veranstaltungen/reihe/<slug:slug>/",
        public_page(views.SeriesDetailView.as_view()),
        name="series",
    ),
    path(
        "veranstaltungen/anmeldung/<str:token>/",
        views.RegistrationView.as_view(),
        name="registration",
    ),
    path(
        "veranstaltungen/<slug:slug>/", public_page(views.EventDetailView.as_view()), name="detail"
    ),
    path("veranstaltungen/<slug:slug>/kalender.ics", public_page(views.event_ics), name="ics"),
    path(
        "kontaktstellen/<slug:slug>/kalender.ics",
        public_page(views.contact_point_feed),
        name="contact_point_feed",
    ),
]
