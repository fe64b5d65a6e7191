"""Charts of reports (QtCharts): what the report's Chart hint asks for, bars, stacks or a pie."""

from __future__ import annotations

import html
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
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

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


def _value_axis(chart: Chart, table: Table) -> QCategoryAxis:
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
    ticks = nice_ticks(largest)
    for tick in ticks:
        axis.append(
            fmt.short_money(tick)
            if money
            else fmt.number(tick, 0 if tick == tick.to_integral_value() else 1),
            float(tick),
        )
    axis.setRange(0.0, float(ticks[-1]))
    axis.setStartValue(0.0)
    return axis


def _labels(chart: Chart, table: Table) -> list[str]:
    column = next(c for c in table.columns if c.key == chart.label)
    return [column.label(value) for value in table.column(chart.label)]


def _pie(chart: Chart, table: Table) -> QPieSeries:
    series = QPieSeries()
    for n, (label, value) in enumerate(
        zip(_labels(chart, table), table.column(chart.values[0]), strict=True)
    ):
        piece = series.append(label, _number(value))
        piece.setColor(QColor(PALETTE[n % len(PALETTE)]))
        piece.setLabelVisible(_number(value) > 0)
    return series


def build_chart(report: Report) -> QChart:
    """The chart of report, or an empty chart when it has none or nothing to show."""
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
    horizontal = hint.kind in ("hbar", "hstacked")
    series = _series(hint, table, reverse=horizontal)  # horizontal: first row at the top
    chart.addSeries(series)
    categories = QBarCategoryAxis()
    labels = _labels(hint, table)
    categories.append([text[:32] for text in (labels[::-1] if horizontal else labels)])
    values = _value_axis(hint, table)
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


class ChartPanel(QWidget):
    """A chart with its legend under it as wrapped text: QtCharts cuts a legend that does not
    fit on one line ("Llama…", "Perso…"), and the chart beside a report's table is narrow."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = QChartView()
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.legend = QLabel()
        self.legend.setObjectName("chart_legend")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.legend)
        self.setMinimumWidth(240)

    def setChart(self, chart: QChart) -> None:
        entries = legend_entries(chart)
        chart.legend().setVisible(False)
        self.view.setChart(chart)
        self.legend.setText(
            " &nbsp; ".join(
                f"<span style='color:{colour}'>&#9632;</span>&nbsp;{html.escape(name)}"
                for name, colour in entries
            )
        )
        self.legend.setVisible(bool(entries))

    def chart(self) -> QChart:
        return self.view.chart()


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
