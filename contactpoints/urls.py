from django.urls import path

from contactpoints import embed, views

app_name = "contactpoints"

urlpatterns = [
    # The search on a contact point's own website (contactpoints/embed.py)
    path("einbetten/land/<str:state>/", embed.search, name="embed_state"),
    path("einbetten/land/<str:state>/farben.css", embed.colours, name="embed_state_colours"),
    path(
        "einbetten/land/<str:state>/gruppen/<slug:group_slug>/",
        embed.group,
        name="embed_state_group",
    ),
    path("einbetten/<slug:slug>/", embed.search, name="embed"),
    path("einbetten/<slug:slug>/farben.css", embed.colours, name="embed_colours"),
    path("einbetten/<slug:slug>/gruppen/<slug:group_slug>/", embed.group, name="embed_group"),
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
