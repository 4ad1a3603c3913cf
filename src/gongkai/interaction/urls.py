from django.urls import path

from gongkai.interaction import views

urlpatterns = [
    path("track/", views.track, name="interaction_track"),
    path("<slug:agency_slug>/", views.listing, name="interaction_listing"),
    path("<slug:agency_slug>/new/", views.new_message, name="interaction_new"),
    path(
        "<slug:agency_slug>/statistics.json", views.statistics_json, name="interaction_statistics"
    ),
]
