"""Staff pages beside the admin's forms: the quick inquiry form, the annual report and its
files."""

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from contactpoints import printing
from contactpoints.charts import bar_chart
from contactpoints.forms import DirectoryForm, QuickInquiryForm, ReportTextForm
from contactpoints.models import Inquiry, ReportText
from contactpoints.permissions import reportable_contact_points, reported_family
from contactpoints.reports import FIRST_YEAR, annual_report, default_text, is_report_year


def _report_or_404(request, year: int, slug: str):
    if not is_report_year(year):
        raise Http404("No report for this year.")
    contact_point = get_object_or_404(reportable_contact_points(request.user), slug=slug)
    return annual_report(contact_point, year, reported_family(request.user, contact_point))


@staff_member_required
def quick_inquiry(request):
    """Record an inquiry in a few seconds; after saving, the form is ready for the next."""
    if not request.user.has_perm("contactpoints.add_inquiry"):
        raise PermissionDenied
    contact_points = reportable_contact_points(request.user)
    if not contact_points.exists():
        raise Http404("No contact point to record for.")
    last = request.session.get("inquiry_contact_point")
    initial = {"date": timezone.localdate(), "contact_point": last or contact_points.first()}
    form = QuickInquiryForm(request.POST or None, initial=initial, contact_points=contact_points)
    if request.method == "POST" and form.is_valid():
        inquiry = form.save(commit=False)
        inquiry.created_by = request.user
        with transaction.atomic():
            inquiry.save()
            inquiry.topics.add(
                *form.cleaned_data.get("topics", []), *form.cleaned_data["more_topics"]
            )
        request.session["inquiry_contact_point"] = inquiry.contact_point_id
        today = Inquiry.objects.filter(
            contact_point=inquiry.contact_point, date=timezone.localdate()
        ).count()
        messages.success(
            request,
            _("Inquiry saved. Recorded today for %(name)s: %(count)s.")
            % {"name": inquiry.contact_point, "count": today},
        )
        return redirect("quick_inquiry")
    context = {
        **admin.site.each_context(request),
        "title": _("Record an inquiry"),
        "form": form,
    }
    return TemplateResponse(request, "admin/quick_inquiry.html", context)


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
    """The printed directory (Selbsthilfe-Wegweiser) of a contact point and, for a
    coordinator, those below it, arranged by topic or by region as chosen when printing."""
    contact_point = get_object_or_404(reportable_contact_points(request.user), slug=slug)
    family = reported_family(request.user, contact_point)
    form = DirectoryForm(request.GET or {"arrangement": "topic"})
    arrangement = form.cleaned_data["arrangement"] if form.is_valid() else "topic"
    response = HttpResponse(
        printing.directory_pdf(contact_point, family, arrangement=arrangement),
        content_type="application/pdf",
    )
    filename = f"selbsthilfe-wegweiser-{slug}-{timezone.localdate():%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_member_required
def report_page(request, year: int, slug: str):
    """The report on screen, with the text of its first page to write before exporting."""
    report = _report_or_404(request, year, slug)
    form = ReportTextForm(request.POST or None, initial={"text": report.text})
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"].strip()
        # The words the report makes itself stay its own: they follow the figures.
        if text and text != default_text(report):
            ReportText.objects.update_or_create(
                contact_point=report.contact_point,
                year=year,
                defaults={"text": text, "updated_by": request.user},
            )
            messages.success(request, _("The text of the first page is saved."))
        else:
            ReportText.objects.filter(contact_point=report.contact_point, year=year).delete()
            messages.success(request, _("The first page now words the key figures itself."))
        return redirect("annual_report", year=year, slug=slug)
    # Each table with its chart (or None), section by section.
    sections = [
        (
            section,
            [
                (table, bar_chart(table.chart_title, table.bars, year) if table.chart else None)
                for table in section.tables
            ],
        )
        for section in report.sections
    ]
    context = {
        **admin.site.each_context(request),
        "title": report.title,
        "report": report,
        "sections": sections,
        "text_form": form,
        "saved_text": report.saved_text,
        "directory_form": DirectoryForm(),
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

