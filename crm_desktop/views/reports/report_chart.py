"""Charts of reports (QtCharts): what the report's Chart hint asks for, bars, stacks or a pie."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QPieSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter

from crm_desktop.i18n import gettext
from crm_desktop.services.reports.reports import Chart, Report, Table

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
    values = QValueAxis()
    values.setLabelFormat("%.0f")
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


def chart_view() -> QChartView:
    view = QChartView()
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumWidth(240)
    return view
