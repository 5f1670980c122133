"""Charts as server-rendered inline SVG: the geometry, computed here from plain data.

No canvas and no chart library at run time: the same markup works in the app, the portal,
print and PDF. These functions take numbers and the strings to show (already translated and
formatted by the caller) and return a small frozen dataclass; a template of
`kernel/charts/` draws it:

    {% include "kernel/charts/bars.html" with chart=p.chart %}

Every chart carries its `title` and `desc` (the svg's accessible name and description) and
its data as table rows, which the template writes as a visually hidden table after the svg.
Coordinates are in the units of the chart's `viewBox`; the svg is drawn at `width="100%"`
and its colours come from the stylesheet's classes (the Content-Security-Policy forbids
`style=`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import count

from django.utils.formats import date_format, number_format
from django.utils.translation import pgettext

_ids = count(1)


def _ident(ident: str) -> str:
    return ident or f"chart-{next(_ids)}"


def _r(value: float) -> float:
    """Coordinates rounded to two decimals: short markup, stable tests."""
    return round(value + 0.0, 2)


def nice_step(span: float, ticks: int = 4, *, integer: bool = False) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) that cuts `span` in about `ticks`."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / max(ticks, 1)
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * power
        if step >= raw:
            break
    if integer:
        step = max(1.0, float(math.ceil(step)))
    return step


def month_label(day, *, year: bool = False) -> str:
    """A month under a chart: "Jan" / "janv.", with its year when asked ("Jan 2027")."""
    # Translators: Django's date format of a month's short name under a chart. English
    # "M" gives "Jan"; French wants "N" ("janv.", "juin", "juil."), as "M" cuts both juin
    # and juillet to "jui".
    fmt = pgettext("chart month format", "M")
    return date_format(day, f"{fmt} Y" if year else fmt)


# ---------- Bars: one value per item, in order (days late per invoice, over time) ----------


@dataclass(frozen=True)
class BarPoint:
    """One bar. `css` adds a class (`late`, `early`, `open`…); `row` is its line in the data
    table, `axis_label` the text under it when there is room."""

    label: str
    value: float
    css: str = ""
    value_label: str = ""
    axis_label: str = ""
    row: tuple[str, ...] = ()


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    center: float
    value: float
    label: str
    value_label: str
    css: str


@dataclass(frozen=True)
class Tick:
    value: float
    y: float
    label: str
    zero: bool


@dataclass(frozen=True)
class AxisLabel:
    x: float
    label: str
    anchor: str  # start, middle or end: the first and last labels stay inside the chart


@dataclass(frozen=True)
class BarChart:
    ident: str
    title: str
    desc: str
    width: int
    height: int
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    axis_y: float  # where the value 0 lies
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    label_y: float
    labels: tuple[AxisLabel, ...]
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    @property
    def empty(self) -> bool:
        return not self.bars

    @property
    def tick_x(self) -> float:
        return self.plot_left - 4


def bar_chart(
    points: Sequence[BarPoint],
    *,
    title: str,
    desc: str,
    columns: Sequence[str] = (),
    ident: str = "",
    width: int = 320,
    height: int = 150,
    integer: bool = True,
    max_labels: int = 3,
    min_top: float = 0,
) -> BarChart:
    """Bars from a shared axis at 0: positive values rise above it, negative ones hang below.
    A zero still shows, as a thin stub on the axis. The scale always includes 0 and at least
    one unit, so a chart of zeros, or of one point, draws; `min_top` keeps room above the
    axis (ten days late, say) so that small values look small."""
    left, right, top, bottom = 30.0, 4.0, 8.0, 20.0
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [float(p.value) for p in points]
    lo, hi = min([0.0, *values]), max([0.0, float(min_top), *values])
    if hi == lo:
        hi = lo + 1
    step = nice_step(hi - lo, 3, integer=integer)
    # The top is a round tick; below the axis the scale goes just as far as the lowest bar,
    # so that a few days early do not take half the chart.
    hi = math.ceil(hi / step) * step
    if lo < 0:
        lo = min(lo * 1.08, lo - (hi - lo) * 0.02)

    def y_of(v: float) -> float:
        return top + (hi - v) / (hi - lo) * plot_h

    axis = y_of(0.0)
    ticks = []
    first_tick = math.ceil(lo / step - 1e-9)
    n_ticks = round(hi / step) - first_tick
    for i in range(n_ticks + 1):
        v = (first_tick + i) * step
        ticks.append(
            Tick(
                value=v,
                y=_r(y_of(v)),
                label=number_format(v, decimal_pos=0 if integer else None),
                zero=abs(v) < step / 1000,
            )
        )

    bars = []
    n = len(points)
    slot = plot_w / n if n else plot_w
    bar_w = min(slot * 0.7, 28.0)
    stub = 1.5
    for i, (point, v) in enumerate(zip(points, values, strict=True)):
        x = left + i * slot + (slot - bar_w) / 2
        if v > 0:
            y, h = y_of(v), axis - y_of(v)
        elif v < 0:
            y, h = axis, y_of(v) - axis
        else:
            y, h = axis - stub, stub
        if 0 < h < stub:  # a tiny value stays visible
            y, h = (axis - stub, stub) if v > 0 else (axis, stub)
        css = point.css or ("late" if v > 0 else "early" if v < 0 else "zero")
        bars.append(
            Bar(
                x=_r(x),
                y=_r(y),
                width=_r(bar_w),
                height=_r(h),
                center=_r(x + bar_w / 2),
                value=v,
                label=point.label,
                value_label=point.value_label or number_format(v, decimal_pos=0),
                css=css,
            )
        )

    labels = []
    labelled = [i for i, p in enumerate(points) if p.axis_label]
    if labelled and max_labels > 0:
        if len(labelled) <= max_labels:
            chosen = labelled
        elif max_labels == 1:
            chosen = [labelled[-1]]
        else:
            # The first, the last and evenly spread ones between.
            last = len(labelled) - 1
            chosen = sorted(
                {labelled[round(k * last / (max_labels - 1))] for k in range(max_labels)}
            )
        for i in chosen:
            if n == 1:
                anchor = "middle"
            elif i == 0:
                anchor = "start"
            elif i == n - 1:
                anchor = "end"
            else:
                anchor = "middle"
            bar = bars[i]
            x = {"start": bar.x, "end": bar.x + bar.width, "middle": bar.center}[anchor]
            labels.append(AxisLabel(x=_r(x), label=points[i].axis_label, anchor=anchor))

    return BarChart(
        ident=_ident(ident),
        title=title,
        desc=desc,
        width=width,
        height=height,
        bars=tuple(bars),
        ticks=tuple(ticks),
        axis_y=_r(axis),
        plot_left=left,
        plot_right=_r(width - right),
        plot_top=top,
        plot_bottom=_r(top + plot_h),
        label_y=_r(height - 5),
        labels=tuple(labels),
        columns=tuple(columns),
        rows=tuple(p.row or (p.label, b.value_label) for p, b in zip(points, bars, strict=True)),
    )


# ---------- A strip of months: a count per month, coloured by its most urgent level ----------

LEVELS = ("bad", "warn", "info", "neutral")  # most urgent first


def most_urgent(levels) -> str:
    """The most urgent of `levels` ("bad" before "warn", "info", "neutral"); "" when none."""
    found = set(levels)
    return next((level for level in LEVELS if level in found), "")


@dataclass(frozen=True)
class StripMonth:
    """One cell: `label` under it (`short` on narrow screens), `full_label` in the table and
    its tooltip, `href` where it leads (none for an empty month)."""

    label: str
    count: int
    level: str = ""
    href: str = ""
    short: str = ""
    full_label: str = ""


@dataclass(frozen=True)
class StripCell:
    x: float
    y: float
    width: float
    height: float
    center: float
    count_y: float
    mark_y: float  # the band of colour at the cell's foot
    label_y: float
    label: str
    short: str
    full_label: str
    count: int
    level: str  # bad, warn, info, neutral; "empty" when nothing falls in the month
    href: str


@dataclass(frozen=True)
class MonthStrip:
    ident: str
    title: str
    desc: str
    width: int
    height: int
    cells: tuple[StripCell, ...]
    columns: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.cells

    @property
    def total(self) -> int:
        return sum(c.count for c in self.cells)

    @property
    def rows(self) -> tuple[tuple[str, str], ...]:
        return tuple((c.full_label or c.label, str(c.count)) for c in self.cells)


def month_strip(
    months: Sequence[StripMonth],
    *,
    title: str,
    desc: str,
    columns: Sequence[str] = (),
    ident: str = "",
    cell_width: int = 50,
    cell_height: int = 40,
    gap: int = 4,
) -> MonthStrip:
    """One cell per month, side by side; the count in the cell, the month under it. A month
    with nothing in it is drawn empty and leads nowhere."""
    label_band = 18
    cells = []
    for i, month in enumerate(months):
        x = i * cell_width + gap / 2
        w = cell_width - gap
        empty = month.count <= 0
        cells.append(
            StripCell(
                x=_r(x),
                y=1.0,
                width=_r(w),
                height=float(cell_height),
                center=_r(x + w / 2),
                count_y=_r(1 + cell_height / 2 - 2),
                mark_y=_r(1 + cell_height - 5),
                label_y=_r(1 + cell_height + label_band - 4),
                label=month.label,
                short=month.short or month.label[:1],
                full_label=month.full_label or month.label,
                count=max(month.count, 0),
                level="empty" if empty else (month.level or "neutral"),
                href="" if empty else month.href,
            )
        )
    return MonthStrip(
        ident=_ident(ident),
        title=title,
        desc=desc,
        width=max(len(months), 1) * cell_width,
        height=1 + cell_height + label_band,
        cells=tuple(cells),
        columns=tuple(columns),
    )


# ---------- A semicircle gauge: one share of a whole (the reversibility score) ----------


@dataclass(frozen=True)
class Gauge:
    ident: str
    title: str
    desc: str
    width: int
    height: int
    value: float
    maximum: float
    fraction: float
    track: str  # the path of the whole arc
    arc: str  # the path of the value's arc; "" at 0
    value_label: str
    center_x: float
    label_y: float
    level: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _arc_point(cx: float, cy: float, r: float, fraction: float) -> tuple[float, float]:
    angle = math.pi * (1 - fraction)
    return _r(cx + r * math.cos(angle)), _r(cy - r * math.sin(angle))


def gauge(
    value: float,
    *,
    title: str,
    desc: str,
    maximum: float = 100,
    value_label: str = "",
    level: str = "",
    columns: Sequence[str] = (),
    rows: Sequence[tuple[str, ...]] = (),
    ident: str = "",
) -> Gauge:
    """A half circle from the left (0) over the top to the right (`maximum`); the value
    fills it clockwise. Values outside 0…maximum are drawn at the nearest end."""
    width, height = 200, 112
    cx, cy, r = 100.0, 100.0, 82.0
    fraction = 0.0 if maximum <= 0 else min(max(float(value) / float(maximum), 0.0), 1.0)
    start_x, start_y = _arc_point(cx, cy, r, 0.0)
    end_x, end_y = _arc_point(cx, cy, r, 1.0)
    track = f"M {start_x} {start_y} A {r} {r} 0 0 1 {end_x} {end_y}"
    arc = ""
    if fraction > 0:
        x, y = _arc_point(cx, cy, r, fraction)
        arc = f"M {start_x} {start_y} A {r} {r} 0 0 1 {x} {y}"
    label = value_label or number_format(value, decimal_pos=0)
    return Gauge(
        ident=_ident(ident),
        title=title,
        desc=desc,
        width=width,
        height=height,
        value=float(value),
        maximum=float(maximum),
        fraction=fraction,
        track=track,
        arc=arc,
        value_label=label,
        center_x=cx,
        label_y=cy - 6,
        level=level,
        columns=tuple(columns),
        rows=tuple(rows) or ((title, label),),
    )


# ---------- A sparkline: a trend in a word's space (the health score will use it) ----------


@dataclass(frozen=True)
class Sparkline:
    ident: str
    title: str
    desc: str
    width: int
    height: int
    points: str  # for <polyline points="…">; "" when there is nothing to draw
    last_x: float
    last_y: float
    minimum: float | None
    maximum: float | None
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = field(default=())

    @property
    def drawable(self) -> bool:
        """A trend needs two points at least."""
        return bool(self.points)


def sparkline(
    values: Sequence[float],
    *,
    title: str,
    desc: str,
    labels: Sequence[str] = (),
    columns: Sequence[str] = (),
    ident: str = "",
    width: int = 120,
    height: int = 32,
    pad: float = 3,
    minimum: float | None = None,
    maximum: float | None = None,
) -> Sparkline:
    """A line through `values`, oldest first, scaled to their range (or to `minimum`…
    `maximum` when given, a score's 0…100 say). A flat series runs through the middle.
    Fewer than two values draw nothing: `drawable` is False."""
    data = [float(v) for v in values]
    lo = min(data) if minimum is None and data else minimum
    hi = max(data) if maximum is None and data else maximum
    rows = tuple(
        (labels[i] if i < len(labels) else str(i + 1), number_format(v, decimal_pos=0))
        for i, v in enumerate(data)
    )
    base = {
        "ident": _ident(ident),
        "title": title,
        "desc": desc,
        "width": width,
        "height": height,
        "minimum": lo,
        "maximum": hi,
        "columns": tuple(columns),
        "rows": rows,
    }
    if len(data) < 2:
        return Sparkline(points="", last_x=0.0, last_y=0.0, **base)
    span = (hi - lo) if hi is not None and lo is not None else 0.0
    step = (width - 2 * pad) / (len(data) - 1)
    coords = []
    for i, v in enumerate(data):
        if span > 0:
            v = min(max(v, lo), hi)
            y = pad + (hi - v) / span * (height - 2 * pad)
        else:
            y = height / 2
        coords.append((_r(pad + i * step), _r(y)))
    return Sparkline(
        points=" ".join(f"{x},{y}" for x, y in coords),
        last_x=coords[-1][0],
        last_y=coords[-1][1],
        **base,
    )
