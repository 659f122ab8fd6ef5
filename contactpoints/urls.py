from django.urls import path

from contactpoints import embed, views
from selbsthilfe.page_cache import public_page

app_name = "contactpoints"

urlpatterns = [
    # The search on a contact point's own website (contactpoints/embed.py)
    path("einbetten/land/<str:state>/", public_page(embed.search), name="embed_state"),
    path(
        "einbetten/land/<str:state>/farben.css",
        public_page(embed.colours),
        name="embed_state_colours",
    ),
    path(
        "einbetten/land/<str:state>/gruppen/<slug:group_slug>/",
        public_page(embed.group, changes_with_time=True),
        name="embed_state_group",
    ),
    path("einbetten/<slug:slug>/", public_page(embed.search), name="embed"),
    path("einbetten/<slug:slug>/farben.css", public_page(embed.colours), name="embed_colours"),
    path(
        "einbetten/<slug:slug>/gruppen/<slug:group_slug>/",
        public_page(embed.group, changes_with_time=True),
        name="embed_group",
    ),
    path("kontaktstellen/", public_page(views.ContactPointListView.as_view()), name="list"),
    path(
        "kontaktstelle-finden/",
        public_page(views.ContactPointFinderView.as_view(), changes_with_time=True),
        name="finder",
    ),
    path(
        "kontaktstellen/<slug:slug>/",
        public_page(views.ContactPointDetailView.as_view(), changes_with_time=True),
        name="detail",
    ),
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
