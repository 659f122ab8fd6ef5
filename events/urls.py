from django.urls import path

from events import views

app_name = "events"
urlpatterns = [
    path("veranstaltungen/", views.EventListView.as_view(), name="list"),
    path("veranstaltungen/<slug:slug>/", views.EventDetailView.as_view(), name="detail"),
]
