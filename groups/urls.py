from django.urls import path

from groups import api, views
from selbsthilfe.page_cache import public_page

app_name = "groups"
urlpatterns = [
    # Open data (docs/open-data.md): Meeting Guide, Open Referral HSDS 3.0
    path("api/meetings.json", api.meetings, name="meetings"),
    path("api/hsds/", api.meta, name="hsds"),
    path("api/hsds/export.zip", api.tabular_package, name="hsds_export"),
    path("api/hsds/services", api.services, name="hsds_services"),
    path("api/hsds/services/<str:id>", api.service, name="hsds_service"),
    path(
        "api/hsds/service_at_locations", api.service_at_locations, name="hsds_service_at_locations"
    ),
    path("api/hsds/organizations", api.organizations, name="hsds_organizations"),
    path("api/hsds/organizations/<str:id>", api.organization, name="hsds_organization"),
    path("api/hsds/taxonomy_terms", api.taxonomy_terms, name="hsds_taxonomy_terms"),
    path("api/hsds/taxonomy_terms/<str:id>", api.taxonomy_term, name="hsds_taxonomy_term"),
    path("gruppen/", public_page(views.GroupListView.as_view()), name="list"),
    path(
        "gruppen/<slug:slug>/",
        public_page(views.GroupDetailView.as_view(), changes_with_time=True),
        name="detail",
    ),
    path(
        "organisationen/", public_page(views.OrganisationListView.as_view()), name="organisations"
    ),
    path(
        "organisationen/<slug:slug>/",
        public_page(views.OrganisationDetailView.as_view()),
        name="organisation",
    ),
    path("themen/", public_page(views.TopicListView.as_view()), name="topics"),
    path("themen/<slug:slug>/", public_page(views.TopicDetailView.as_view()), name="topic"),
    path("gruppe-gruenden/", views.FoundGroupView.as_view(), name="found"),
    path(
        "gruppen/<slug:slug>/mitmachen/",
        views.FoundingInterestView.as_view(),
        name="join_founding",
    ),
    path("gruppe-mitgruenden/", views.FoundingInterestView.as_view(), name="co_found"),
    path("interesse-gesendet/", views.FoundingInterestThanksView.as_view(), name="interest_thanks"),
    path("gruppe-melden/", views.SuggestionView.as_view(), name="suggest"),
    path("gruppe-melden/danke/", views.SuggestionThanksView.as_view(), name="suggestion_thanks"),
    path("eintrag-pruefen/<slug:token>/", views.ReconfirmationView.as_view(), name="reconfirm"),
    path(
        "eintrag-pruefen/<slug:token>/korrigieren/",
        views.ReconfirmationCorrectionView.as_view(),
        name="reconfirm_correct",
    ),
]
