"""Charts as inline SVG: the geometry of kernel.charts (every shape inside its viewBox, the
axis where 0 is, nothing drawn from too little data) and the markup of its templates (one
image with a title and a description, the data as a hidden table, no style attribute)."""

import datetime as dt
import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from pacte.kernel.charts import (
    BarPoint,
    StripMonth,
    bar_chart,
    gauge,
    month_label,
    month_strip,
    most_urgent,
    nice_step,
    sparkline,
)

DAYS = st.integers(min_value=-400, max_value=2000)


def bars(values, **kw):
    return bar_chart(
        [BarPoint(label=f"F-{i}", value=v, axis_label=f"m{i}") for i, v in enumerate(values)],
        title="Days late",
        desc="Per invoice",
        **kw,
    )


# ---------- Bars ----------


@given(st.lists(DAYS, max_size=40))
def test_every_bar_lies_inside_the_chart_and_on_the_right_side_of_the_axis(values):
    chart = bars(values)
    assert len(chart.bars) == len(values) == len(chart.rows)
    assert chart.plot_top <= chart.axis_y <= chart.plot_bottom
    for bar, v in zip(chart.bars, values, strict=True):
        assert bar.width > 0 and bar.height > 0
        assert chart.plot_left <= bar.x and bar.x + bar.width <= chart.plot_right + 0.01
        assert chart.plot_top - 0.01 <= bar.y and bar.y + bar.height <= chart.plot_bottom + 0.01
        if v > 0:  # late: rises from the axis
            assert bar.y + bar.height == pytest.approx(chart.axis_y, abs=0.02)
        elif v < 0:  # paid early: hangs below it
            assert bar.y == pytest.approx(chart.axis_y, abs=0.02)
    assert any(t.zero for t in chart.ticks)
    assert all(chart.plot_top - 0.01 <= t.y <= chart.plot_bottom + 0.01 for t in chart.ticks)
    for label in chart.labels:
        assert 0 <= label.x <= chart.width


def test_an_empty_chart_still_has_an_axis_and_nothing_else():
    chart = bars([])
    assert chart.empty and chart.bars == () and chart.rows == ()
    assert [t.label for t in chart.ticks] == ["0", "1"]


def test_one_point_is_centred_with_its_label():
    chart = bars([12])
    (bar,) = chart.bars
    assert bar.center == pytest.approx((chart.plot_left + chart.plot_right) / 2, abs=0.02)
    assert [(label.label, label.anchor) for label in chart.labels] == [("m0", "middle")]


def test_all_zeros_draw_stubs_on_the_axis():
    chart = bars([0, 0, 0])
    assert chart.axis_y == chart.plot_bottom
    for bar in chart.bars:
        assert bar.css == "zero" and bar.height == 1.5
        assert bar.y + bar.height == pytest.approx(chart.axis_y)


def test_paid_early_goes_below_the_axis_and_late_above():
    chart = bars([-10, 20])
    early, late = chart.bars
    assert early.css == "early" and early.y == chart.axis_y
    assert late.css == "late" and late.y < chart.axis_y
    assert chart.ticks[0].value < 0 < chart.ticks[-1].value


def test_a_caller_class_wins_and_labels_are_spread():
    chart = bar_chart(
        [BarPoint(label=str(i), value=5, css="open", axis_label=str(i)) for i in range(10)],
        title="t",
        desc="d",
    )
    assert {b.css for b in chart.bars} == {"open"}
    assert [(a.label, a.anchor) for a in chart.labels] == [
        ("0", "start"),
        ("4", "middle"),
        ("9", "end"),
    ]


@given(st.floats(min_value=1e-6, max_value=1e9), st.booleans())
def test_a_nice_step_is_round_and_cuts_the_span_in_a_few_ticks(span, integer):
    step = nice_step(span, 4, integer=integer)
    assert step > 0 and span / step <= 4 + 1e-9
    if integer:
        assert step >= 1 and step == int(step)


# ---------- Month strip ----------


def test_months_side_by_side_empty_ones_lead_nowhere():
    strip = month_strip(
        [
            StripMonth(label="Jan", count=2, level="warn", href="#month-2027-01"),
            StripMonth(label="Feb", count=0, level="bad", href="#month-2027-02"),
            StripMonth(label="Mar", count=1, href="#month-2027-03"),
        ],
        title="t",
        desc="d",
    )
    a, b, c = strip.cells
    assert a.x < b.x < c.x and a.x + a.width < b.x
    assert c.x + c.width <= strip.width
    assert (a.level, a.href) == ("warn", "#month-2027-01")
    assert (b.level, b.href) == ("empty", "")
    assert c.level == "neutral" and c.short == "M"
    assert strip.total == 3 and strip.rows == (("Jan", "2"), ("Feb", "0"), ("Mar", "1"))


@given(st.lists(st.integers(min_value=-3, max_value=500), max_size=14))
def test_every_cell_of_a_strip_lies_inside_it(counts):
    strip = month_strip(
        [StripMonth(label=str(i), count=n, href="#x") for i, n in enumerate(counts)],
        title="t",
        desc="d",
    )
    assert strip.width > 0 and strip.height > 0
    for cell in strip.cells:
        assert 0 <= cell.x and cell.x + cell.width <= strip.width
        assert cell.label_y <= strip.height and cell.count >= 0


def test_the_most_urgent_level_wins():
    assert most_urgent(["neutral", "info", "warn"]) == "warn"
    assert most_urgent(["info", "bad", "neutral"]) == "bad"
    assert most_urgent([]) == ""


# ---------- Gauge ----------


@given(st.floats(min_value=-50, max_value=250, allow_nan=False))
def test_the_gauge_arc_stays_on_the_half_circle(value):
    chart = gauge(value, title="t", desc="d")
    assert 0 <= chart.fraction <= 1
    if chart.fraction == 0:
        assert chart.arc == "" and value <= 1e-3
    else:
        x, y = (float(n) for n in chart.arc.split()[-2:])
        assert 0 <= x <= chart.width and 0 <= y <= 100.01


def test_the_gauge_at_its_ends_and_halfway():
    assert gauge(0, title="t", desc="d").arc == ""
    assert gauge(100, title="t", desc="d").arc.endswith("182.0 100.0")
    assert gauge(50, title="t", desc="d").arc.endswith("100.0 18.0")
    assert gauge(50, title="t", desc="d", maximum=0).fraction == 0


# ---------- Sparkline ----------


@pytest.mark.parametrize("values", [[], [42]])
def test_a_sparkline_needs_two_points(values):
    chart = sparkline(values, title="t", desc="d")
    assert not chart.drawable and chart.points == ""
    assert render_to_string("kernel/charts/sparkline.html", {"chart": chart}).strip() == ""


def test_a_flat_sparkline_runs_through_the_middle():
    chart = sparkline([0, 0, 0], title="t", desc="d")
    assert chart.drawable
    assert {p.split(",")[1] for p in chart.points.split()} == {"16.0"}


@given(st.lists(st.integers(min_value=-1000, max_value=1000), min_size=2, max_size=60))
def test_every_sparkline_point_lies_inside_it(values):
    chart = sparkline(values, title="t", desc="d")
    coords = [tuple(map(float, p.split(","))) for p in chart.points.split()]
    assert len(coords) == len(values)
    assert [x for x, _ in coords] == sorted(x for x, _ in coords)
    assert all(0 <= x <= chart.width and 0 <= y <= chart.height for x, y in coords)
    assert (chart.last_x, chart.last_y) == coords[-1]


def test_a_sparkline_on_a_fixed_scale_clamps_what_is_outside():
    chart = sparkline([-20, 50, 140], title="t", desc="d", minimum=0, maximum=100)
    ys = [float(p.split(",")[1]) for p in chart.points.split()]
    assert ys == [29.0, 16.0, 3.0]


# ---------- Markup ----------


def sample_charts():
    return {
        "bars": bars([-2, 0, 15]),
        "month_strip": month_strip(
            [StripMonth(label="Jan", count=2, level="bad", href="#month-2027-01")],
            title="Strip",
            desc="Per month",
        ),
        "gauge": gauge(80, title="Score", desc="80 %", level="warn"),
        "sparkline": sparkline([1, 3, 2], title="Trend", desc="Up"),
    }


@pytest.mark.parametrize("name", ["bars", "month_strip", "gauge", "sparkline"])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_each_chart_is_one_image_with_a_title_a_description_and_a_hidden_table(name, language):
    chart = sample_charts()[name]
    with translation.override(language):
        html = render_to_string(f"kernel/charts/{name}.html", {"chart": chart})
    ident = chart.ident
    assert html.count("<svg") == 1 and 'role="img"' in html
    assert f'aria-labelledby="{ident}-title {ident}-desc"' in html
    assert f'<title id="{ident}-title">{chart.title}</title>' in html
    assert f'<desc id="{ident}-desc">{chart.desc}</desc>' in html
    assert 'width="100%"' in html and f'viewBox="0 0 {chart.width} {chart.height}"' in html
    assert html.index("</svg>") < html.index('<table class="visually-hidden chart-data">')
    assert "style=" not in html and "<script" not in html and "<canvas" not in html
    # French decimals never reach the coordinates: "12,5" would break the drawing.
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert not re.search(r'\b(?:x|y|x1|x2|y1|y2|dy|width|height|cx|cy|d)="[^"]*,', svg)


def test_the_strip_links_each_month_outside_the_image():
    html = render_to_string(
        "kernel/charts/month_strip.html", {"chart": sample_charts()["month_strip"]}
    )
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "<a " not in svg  # an image holds no link: they lie over it, focusable
    assert '<a href="#month-2027-01"' in html


def test_month_labels_follow_the_language():
    day = dt.date(2026, 7, 1)
    with translation.override("en"):
        assert month_label(day) == "Jul" and month_label(day, year=True) == "Jul 2026"
    with translation.override("fr"):
        assert month_label(day) == "juil." and month_label(day, year=True) == "juil. 2026"
