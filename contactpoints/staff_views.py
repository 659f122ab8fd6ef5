"""Staff pages beside the admin's forms: the annual report and its exports."""

from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from contactpoints import printing
from contactpoints.charts import bar_chart
from contactpoints.models import ContactPoint
from contactpoints.permissions import contact_point_ids
from contactpoints.reports import annual_report

FIRST_YEAR = 2000


def reportable_contact_points(user):
    """The contact points whose report ``user`` may see: their own and those below them."""
    ids = contact_point_ids(user)
    contact_points = ContactPoint.objects.order_by("name")
    return contact_points if ids is None else contact_points.filter(pk__in=ids)


def _report_or_404(request, year: int, slug: str):
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404("No report for this year.")
    contact_point = get_object_or_404(reportable_contact_points(request.user), slug=slug)
    return annual_report(contact_point, year)


@staff_member_required
def report_start(request):
    """The report of last year for the user's first contact point."""
    contact_point = reportable_contact_points(request.user).filter(parent=None).first()
    contact_point = contact_point or reportable_contact_points(request.user).first()
    if contact_point is None:
        raise Http404("No contact point to report on.")
    return redirect("annual_report", year=timezone.localdate().year - 1, slug=contact_point.slug)


@staff_member_required
def directory_pdf(request, slug: str):
    """The printed directory (Selbsthilfe-Wegweiser) of a contact point and those below it."""
    contact_point = get_object_or_404(reportable_contact_points(request.user), slug=slug)
    response = HttpResponse(printing.directory_pdf(contact_point), content_type="application/pdf")
    filename = f"selbsthilfe-wegweiser-{slug}-{timezone.localdate():%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_member_required
def report_page(request, year: int, slug: str):
    report = _report_or_404(request, year, slug)
    charts = [
        bar_chart(title, bars, year)
        for section in report.sections
        for title, bars in section.charts
    ]
    context = {
        **admin.site.each_context(request),
        "title": _("Annual report %(year)s: %(name)s")
        % {"year": year, "name": report.contact_point},
        "report": report,
        "charts": charts,
        "years": range(timezone.localdate().year, FIRST_YEAR - 1, -1)[:10],
        "choices": reportable_contact_points(request.user),
    }
    return TemplateResponse(request, "admin/annual_report.html", context)


@staff_member_required
def report_export(request, year: int, slug: str, extension: str):
    report = _report_or_404(request, year, slug)
    if extension not in printing.REPORT_FORMATS:
        raise Http404("Unknown format.")
    content, content_type = printing.report_file(report, extension)
    filename = f"taetigkeitsbericht-{slug}-{year}.{extension}"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
