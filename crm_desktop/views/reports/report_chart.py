"""Charts of reports (QtCharts): what the report's Chart hint asks for, bars, stacks or a pie."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Any

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QPieSeries,
    QStackedBarSeries,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QResizeEvent
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from crm_desktop.i18n import gettext
from crm_desktop.services.reports.reports import Chart, Report, Table
from crm_desktop.views.common import fmt

# The proposals' accent first, then colours that stay apart for colour-blind readers.
PALETTE = ("#1f4e79", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#999999", "#f0e442")


def _number(value: Any) -> float:
    return float(value) if isinstance(value, int | Decimal) and not isinstance(value, bool) else 0.0


def _series(chart: Chart, table: Table, reverse: bool) -> QAbstractBarSeries:
    kinds: dict[str, type[QAbstractBarSeries]] = {
        "stacked": QStackedBarSeries,
        "hbar": QHorizontalBarSeries,
        "hstacked": QHorizontalStackedBarSeries,
    }
    series = kinds.get(chart.kind, QBarSeries)()
    keys = [c.key for c in table.columns]
    for n, key in enumerate(chart.values):
        column = table.columns[keys.index(key)]
        bar = QBarSet(gettext(column.title))
        bar.setColor(QColor(PALETTE[n % len(PALETTE)]))
        values = table.column(key)
        for value in values[::-1] if reverse else values:
            bar.append(_number(value))
        series.append(bar)
    return series


def nice_ticks(largest: float, count: int = 5) -> list[Decimal]:
    """Round axis ticks from 0 to at least largest: 0, 25, 50, 75, 100 (never 0/24/48/71/95)."""
    if largest <= 0:
        return [Decimal(0), Decimal(1)]
    rough = Decimal(str(largest)) / count
    power = Decimal(10) ** (rough.adjusted())
    step = next(power * m for m in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))
                if power * m >= rough)  # fmt: skip
    ticks = [Decimal(0)]
    while ticks[-1] < Decimal(str(largest)):
        ticks.append(ticks[-1] + step)
    return ticks


def _value_axis(chart: Chart, table: Table, ticks: int = 5) -> QCategoryAxis:
    """The values' axis: round ticks, written in the user's formats ("$ 39.407 M" for money)."""
    stacked = chart.kind in ("stacked", "hstacked")
    rows = list(zip(*(table.column(key) for key in chart.values), strict=True))
    largest = max(
        (
            sum(map(_number, row)) if stacked else max(map(_number, row), default=0.0)
            for row in rows
        ),
        default=0.0,
    )
    money = any(c.kind == "money" for c in table.columns if c.key in chart.values)
    axis = QCategoryAxis()
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    steps = nice_ticks(largest, ticks - 1 if money else ticks)  # "$ 39.407 M" needs room
    for tick in steps:
        axis.append(
            fmt.short_money(tick)
            if money
            else fmt.number(tick, 0 if tick == tick.to_integral_value() else 1),
            float(tick),
        )
    axis.setRange(0.0, float(steps[-1]))
    axis.setStartValue(0.0)
    return axis


def _labels(chart: Chart, table: Table) -> list[str]:
    column = next(c for c in table.columns if c.key == chart.label)
    return [column.label(value) for value in table.column(chart.label)]


# The chart beside a report's table is narrow (a third of 1366 px): bars are drawn sideways so
# each category's name has a line of its own to the left, not a slot a fifth of the width
# ("Pro…", "Cal…", "Perso…" under upright bars); names are wrapped, never elided.
SIDEWAYS = {"bar": "hbar", "stacked": "hstacked"}
LINE_CHARS = 16  # a category name is wrapped at spaces into lines of about this many characters
NAMES_SHARE = 0.25  # of the chart's width, for the categories' names (QtCharts allows ~30 %)
FRAME_HEIGHT = 90  # px of a chart besides its categories: the value axis, margins


def wrapped(text: str, chars: int = LINE_CHARS, fits: Callable[[str], bool] | None = None) -> str:
    """text as the HTML of a label on lines of about chars characters (or that fits() finds
    short enough), broken at spaces; a word longer than a line keeps a line of its own: all of
    it, never elided."""
    short_enough = fits or (lambda line: len(line) <= chars)
    rows: list[str] = []
    for word in text.split():
        if rows and short_enough(rows[-1] + " " + word):
            rows[-1] += " " + word
        else:
            rows.append(word)
    return "<br>".join(html.escape(row) for row in rows) or " "


def _pie(chart: Chart, table: Table) -> QPieSeries:
    series = QPieSeries()
    for n, (label, value) in enumerate(
        zip(_labels(chart, table), table.column(chart.values[0]), strict=True)
    ):
        piece = series.append(label, _number(value))
        piece.setColor(QColor(PALETTE[n % len(PALETTE)]))
        piece.setLabelVisible(_number(value) > 0)
    return series


def build_chart(report: Report, line_chars: int = LINE_CHARS) -> QChart:
    """The chart of report, or an empty chart when it has none or nothing to show; category
    names wrapped at about line_chars characters (fewer in a narrower panel)."""
    chart = QChart()
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    hint = report.chart
    if hint is None:
        return chart
    table = report.table(hint.table)
    chart.setTitle(gettext(table.title))
    if hint.kind == "pie":
        chart.addSeries(_pie(hint, table))
        return chart
    hint = replace(hint, kind=SIDEWAYS.get(hint.kind, hint.kind))
    horizontal = hint.kind in ("hbar", "hstacked")
    series = _series(hint, table, reverse=horizontal)  # horizontal: first row at the top
    chart.addSeries(series)
    categories = QBarCategoryAxis()
    labels = [wrapped(text, line_chars) for text in _labels(hint, table)]
    categories.append(_unique(labels[::-1] if horizontal else labels))
    chart.setProperty("needed_height", needed_height(categories))
    values = _value_axis(hint, table, ticks=4 if horizontal else 5)
    if horizontal:  # QtCharts elides "$ 40.000 M" under a tick though it fits: 3 or 4 ticks
        values.setTruncateLabels(False)  # are far enough apart for their labels
    # The last tick's label is centred on the plot's right edge: room for its half.
    last = values.categoriesLabels()[-1] if values.categoriesLabels() else ""
    margins = chart.margins()
    half = QFontMetrics(values.labelsFont()).horizontalAdvance(last) // 2
    margins.setRight(max(margins.right(), half + 4))
    chart.setMargins(margins)
    chart.addAxis(
        categories, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom
    )
    chart.addAxis(
        values, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft
    )
    series.attachAxis(categories)
    series.attachAxis(values)
    chart.legend().setVisible(len(hint.values) > 1)
    return chart


def needed_height(categories: QBarCategoryAxis) -> int:
    """Each category as tall as its wrapped name (QtCharts gives every category the height of
    the tallest): the panel scrolls rather than cut a name."""
    labels = categories.categories()
    lines = max((label.count("<br>") + 1 for label in labels), default=1) + 1
    line = QFontMetrics(categories.labelsFont()).lineSpacing() + 1
    return FRAME_HEIGHT + len(labels) * lines * line


def rewrap(chart: QChart, width: int) -> None:
    """Wrap the names of chart's categories to its width: QtCharts gives the names at most
    about a third of it, and elides what does not fit ("Juan Pablo Gó…")."""
    for axis in chart.axes():
        if isinstance(axis, QBarCategoryAxis) and axis.orientation() == Qt.Orientation.Vertical:
            font = QFontMetrics(axis.labelsFont())
            room = max(width * NAMES_SHARE, font.horizontalAdvance("Mmmmmmmm"))
            plain = [html.unescape(label.replace("<br>", " ")) for label in axis.categories()]

            def fits(line: str, metrics: QFontMetrics = font, room: float = room) -> bool:
                return metrics.horizontalAdvance(line) <= room

            axis.setCategories([wrapped(text, fits=fits) for text in plain])
            chart.setProperty("needed_height", needed_height(axis))


def _unique(labels: list[str]) -> list[str]:
    """QBarCategoryAxis drops a repeated category: two accounts of one name stay two rows."""
    seen: dict[str, int] = {}
    unique = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        unique.append(label if seen[label] == 1 else label + "\u200b" * (seen[label] - 1))
    return unique


class ChartPanel(QWidget):
    """A chart with its legend under it as wrapped text: QtCharts cuts a legend that does not
    fit on one line ("Llama…", "Perso…"), and the chart beside a report's table is narrow."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()  # the chart's title, wrapped: QtCharts elides a long one
        self.title.setObjectName("chart_title")
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.view = QChartView()
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_area = QScrollArea()  # a chart of many long names scrolls, it is never cut
        self.chart_area.setWidgetResizable(True)
        self.chart_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.chart_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.chart_area.setWidget(self.view)
        self.legend = QLabel()
        self.legend.setObjectName("chart_legend")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.chart_area, 1)
        layout.addWidget(self.legend)
        self.setMinimumWidth(240)

    def setChart(self, chart: QChart) -> None:
        entries = legend_entries(chart)
        chart.legend().setVisible(False)
        self.title.setText(chart.title())
        self.title.setVisible(bool(chart.title()))
        chart.setTitle("")
        self.view.setChart(chart)
        self._fit()
        self.legend.setText(
            " &nbsp; ".join(
                f"<span style='color:{colour}'>&#9632;</span>&nbsp;{html.escape(name)}"
                for name, colour in entries
            )
        )
        self.legend.setVisible(bool(entries))

    def chart(self) -> QChart:
        return self.view.chart()

    def _fit(self) -> None:
        chart = self.view.chart()
        rewrap(chart, self.chart_area.viewport().width())
        self.view.setMinimumHeight(int(chart.property("needed_height") or 0))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()


def legend_entries(chart: QChart) -> list[tuple[str, str]]:
    """(name, colour) of each bar set of the chart's series, when there is more than one."""
    entries = [
        (bar.label(), bar.color().name())
        for series in chart.series()
        if isinstance(series, QAbstractBarSeries)
        for bar in series.barSets()
    ]
    return entries if len(entries) > 1 else []


def chart_view() -> ChartPanel:
    return ChartPanel()
