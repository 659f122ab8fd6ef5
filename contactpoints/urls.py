from django.urls import path

from contactpoints import views

app_name = "contactpoints"
urlpatterns = [
    path("kontaktstellen/", views.ContactPointListView.as_view(), name="list"),
    path("kontaktstellen/<slug:slug>/", views.ContactPointDetailView.as_view(), name="detail"),
]
