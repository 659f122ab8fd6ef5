from django.urls import path

from contactpoints import views

app_name = "contactpoints"
urlpatterns = [
    path("kontaktstellen/", views.ContactPointListView.as_view(), name="list"),
    path("kontaktstellen/<slug:slug>/", views.ContactPointDetailView.as_view(), name="detail"),
    path(
        "kontaktstellen/<slug:slug>/nachricht/",
        views.MessageView.as_view(kind="contact_point"),
        name="message",
    ),
    path(
        "gruppen/<slug:slug>/nachricht/",
        views.MessageView.as_view(kind="group"),
        name="group_message",
    ),
    path("nachricht-gesendet/", views.MessageSentView.as_view(), name="message_sent"),
]
