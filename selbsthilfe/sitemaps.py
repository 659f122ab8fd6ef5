"""``/sitemap.xml`` (django.contrib.sitemaps) and ``/robots.txt``: the public pages for search
engines, and the staff area kept out of them."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control

from contactpoints.models import ContactPoint
from events.models import Event
from groups.models import Group, Organisation, Topic


class GroupSitemap(Sitemap):
    changefreq = "monthly"
    limit = 10000

    def items(self):
        return Group.objects.public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, group):
        return group.updated_at


class TopicSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Topic.objects.order_by("name")


class OrganisationSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Organisation.objects.public().order_by("name")

    def lastmod(self, organisation):
        return organisation.updated_at


class ContactPointSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return ContactPoint.objects.order_by("name")

    def lastmod(self, contact_point):
        return contact_point.updated_at


class EventSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return Event.objects.upcoming().scheduled()


class PageSitemap(Sitemap):
    def items(self):
        return ["home", "groups:list", "groups:topics", "groups:organisations",
                "contactpoints:list", "events:list", "groups:found"]  # fmt: skip

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "groups": GroupSitemap,
    "topics": TopicSitemap,
    "organisations": OrganisationSitemap,
    "contact-points": ContactPointSitemap,
    "events": EventSitemap,
}


@cache_control(public=True, max_age=86400)
def robots_txt(request):
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.ADMIN_PATH}",
        "Disallow: /gruppe-melden/",
        "Disallow: /nachricht-gesendet/",
        "Disallow: /eintrag-pruefen/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
