from django.urls import path

from events import views

app_name = "events"
urlpatterns = [
    path("veranstaltungen/", views.EventListView.as_view(), name="list"),
    path("veranstaltungen/archiv/", views.EventListView.as_view(archive=True), name="archive"),
    path("veranstaltungen/kalender.ics", views.events_feed, name="feed"),
    path("veranstaltungen/reihe/<slug:slug>/", views.SeriesDetailView.as_view(), name="series"),
    path(
        "veranstaltungen/anmeldung/<str:token>/",
        views.RegistrationView.as_view(),
        name="registration",
    ),
    path("veranstaltungen/<slug:slug>/", views.EventDetailView.as_view(), name="detail"),
    path("veranstaltungen/<slug:slug>/kalender.ics", views.event_ics, name="ics"),
    path(
        "kontaktstellen/<slug:slug>/kalender.ics",
        views.contact_point_feed,
        name="contact_point_feed",
    ),
]
