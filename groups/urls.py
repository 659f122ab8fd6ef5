from django.urls import path

from groups import views

app_name = "groups"
urlpatterns = [
    path("gruppen/", views.GroupListView.as_view(), name="list"),
    path("gruppen/<slug:slug>/", views.GroupDetailView.as_view(), name="detail"),
    path("themen/", views.TopicListView.as_view(), name="topics"),
    path("themen/<slug:slug>/", views.TopicDetailView.as_view(), name="topic"),
    path("gruppe-gruenden/", views.FoundGroupView.as_view(), name="found"),
]
