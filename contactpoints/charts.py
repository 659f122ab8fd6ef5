"""Bar charts as inline SVG: drawn on the server, readable without JavaScript, and safe under
the strict CSP (no scripts, no inline styles). The same numbers stand in a table beside each
chart for screen readers, so the SVG is marked as an image with a title."""

from django.utils import formats
from django.utils.html import format_html, format_html_join

from selbsthilfe.slugs import german_slugify

ROW = 26
LABEL_WIDTH = 230
BAR_WIDTH = 330
WIDTH = LABEL_WIDTH + BAR_WIDTH + 70
CURRENT, PREVIOUS = "#1d5f8a", "#a9c6da"


def bar_chart(title: str, bars: list[tuple[str, int, int]], year: int) -> str:
    """Horizontal bars of ``year`` (dark) over the previous year (light), one row a label."""
    largest = max([1, *(max(value, previous) for _label, value, previous in bars)])
    height = ROW * len(bars) + 30

    def row(index, label, value, previous):
        top = 24 + index * ROW
        width = round(BAR_WIDTH * value / largest)
        previous_width = round(BAR_WIDTH * previous / largest)
        return (
            LABEL_WIDTH - 8, top + 13, label,
            LABEL_WIDTH, top + 2, width,
            LABEL_WIDTH, top + 15, previous_width,
            LABEL_WIDTH + width + 6, top + 13, formats.number_format(value, force_grouping=True),
        )  # fmt: skip

    rows = format_html_join(
        "\n",
        '<text x="{}" y="{}" text-anchor="end" font-size="12">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="12" fill="' + CURRENT + '"></rect>'
        '<rect x="{}" y="{}" width="{}" height="6" fill="' + PREVIOUS + '"></rect>'
        '<text x="{}" y="{}" font-size="12">{}</text>',
        (row(index, *bar) for index, bar in enumerate(bars)),
    )
    return format_html(
        '<svg class="report-chart" role="img" aria-labelledby="{id}" viewBox="0 0 {w} {h}" '
        'width="{w}" height="{h}" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}">{title}</title>'
        '<text x="0" y="14" font-size="13" font-weight="bold">{title}</text>'
        '<rect x="{lx}" y="4" width="10" height="10" fill="{current}"></rect>'
        '<text x="{lx2}" y="13" font-size="11">{year}</text>'
        '<rect x="{px}" y="4" width="10" height="6" fill="{previous}"></rect>'
        '<text x="{px2}" y="13" font-size="11">{previous_year}</text>'
        "{rows}</svg>",
        id=f"chart-{german_slugify(title)}",
        w=WIDTH,
        h=height,
        title=title,
        lx=WIDTH - 150,
        lx2=WIDTH - 136,
        px=WIDTH - 80,
        px2=WIDTH - 66,
        current=CURRENT,
        previous=PREVIOUS,
        year=year,
        previous_year=year - 1,
        rows=rows,
    )
