"""SignaturePad: the client signs on the screen with a mouse, a pen (tablet events, with its
pressure) or a finger (touch events); strokes can be undone, redone and cleared, and the
signature leaves as a cropped PNG of bounded size."""

from __future__ import annotations

import itertools
import math

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QPointF, QRectF, QSize, Qt
from PySide6.QtCore import Signal as _Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from crm_desktop.services.core.signed import MAX_SIGNATURE_PNG

INK = QColor("#0b2545")
MIN_INK_LENGTH = 40.0  # pixels of stroke: a dot or an accidental tap is not a signature
PNG_BOX = QSize(600, 200)  # the most the PNG keeps (the PDF prints it at 70 × 22 mm)
Point = tuple[float, float, float]  # x, y, pen width


class SignaturePad(QWidget):
    changed = _Signal()  # after each stroke, undo, redo or clear

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signature_pad")
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setMinimumSize(420, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.strokes: list[list[Point]] = []
        self.undone: list[list[Point]] = []
        self._drawing = False
        self.hint = self.tr("Sign here")

    # -- what the dialog asks -------------------------------------------------------------
    def is_empty(self) -> bool:
        return self.ink_length() < MIN_INK_LENGTH

    def ink_length(self) -> float:
        pairs = (pair for stroke in self.strokes for pair in itertools.pairwise(stroke))
        return sum(math.dist(a[:2], b[:2]) for a, b in pairs)

    def clear(self) -> None:
        if self.strokes:
            self.undone = list(reversed(self.strokes))
            self.strokes = []
            self._done()

    def undo(self) -> None:
        if self.strokes:
            self.undone.append(self.strokes.pop())
            self._done()

    def redo(self) -> None:
        if self.undone:
            self.strokes.append(self.undone.pop())
            self._done()

    def _done(self) -> None:
        self.update()
        self.changed.emit()

    # -- input: mouse, pen, touch ----------------------------------------------------------
    def _begin(self, at: QPointF, width: float) -> None:
        self._drawing = True
        self.undone.clear()
        self.strokes.append([(at.x(), at.y(), width)])
        self.update()

    def _extend(self, at: QPointF, width: float) -> None:
        if self._drawing and self.strokes:
            self.strokes[-1].append((at.x(), at.y(), width))
            self.update()

    def _end(self) -> None:
        if self._drawing:
            self._drawing = False
            self._done()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position(), 2.4)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._extend(event.position(), 2.4)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._end()

    def tabletEvent(self, event: QTabletEvent) -> None:
        """A pen: its pressure sets the width; accepted, so no mouse event is made from it."""
        width = 1.2 + 2.8 * max(0.0, min(1.0, event.pressure()))
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._begin(event.position(), width)
        elif kind == QEvent.Type.TabletMove:
            self._extend(event.position(), width)
        elif kind == QEvent.Type.TabletRelease:
            self._end()
        event.accept()

    def event(self, event: QEvent) -> bool:
        """A finger on a touch screen: its first touch point draws."""
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd):
            assert isinstance(event, QTouchEvent)
            points = event.points()
            if points:
                at = points[0].position()
                if kind == QEvent.Type.TouchBegin:
                    self._begin(at, 2.6)
                elif kind == QEvent.Type.TouchUpdate:
                    self._extend(at, 2.6)
                else:
                    self._end()
            event.accept()
            return True
        if kind == QEvent.Type.TouchCancel:
            self._end()
            return True
        return super().event(event)

    # -- drawing ---------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        painter.setPen(QPen(QColor("#9aa5b1"), 1, Qt.PenStyle.DashLine))
        base_y = self.height() * 0.78
        painter.drawLine(QPointF(24, base_y), QPointF(self.width() - 24, base_y))
        if not self.strokes:
            painter.setPen(QColor("#7b8794"))
            painter.drawText(QRectF(24, base_y + 4, self.width() - 48, 24),
                             Qt.AlignmentFlag.AlignLeft, "✕  " + self.hint)  # fmt: skip
        _paint_strokes(painter, self.strokes, QPointF(0, 0), 1.0)
        painter.setPen(QPen(QColor("#c3ccd6"), 1))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))

    # -- out -------------------------------------------------------------------------------
    def to_png(self) -> bytes:
        """The strokes on a transparent image, cropped to them, within PNG_BOX and
        MAX_SIGNATURE_PNG (a tangle too heavy is drawn smaller until it fits)."""
        if not self.strokes:
            return b""
        bounds = _bounds(self.strokes).adjusted(-6, -6, 6, 6)
        scale = min(1.0, PNG_BOX.width() / bounds.width(), PNG_BOX.height() / bounds.height())
        while True:
            png = _render(self.strokes, bounds, scale)
            if len(png) <= MAX_SIGNATURE_PNG or scale < 0.05:
                return png
            scale *= 0.7


def _bounds(strokes: list[list[Point]]) -> QRectF:
    xs = [p[0] for s in strokes for p in s]
    ys = [p[1] for s in strokes for p in s]
    return QRectF(min(xs), min(ys), max(max(xs) - min(xs), 1.0), max(max(ys) - min(ys), 1.0))


def _render(strokes: list[list[Point]], bounds: QRectF, scale: float) -> bytes:
    size = QSize(max(1, round(bounds.width() * scale)), max(1, round(bounds.height() * scale)))
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    _paint_strokes(painter, strokes, bounds.topLeft(), scale)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; str works
    buffer.close()
    return bytes(data.data())


def _paint_strokes(
    painter: QPainter, strokes: list[list[Point]], origin: QPointF, scale: float
) -> None:
    for stroke in strokes:
        width = max(1.0, sum(p[2] for p in stroke) / len(stroke) * max(scale, 0.5))
        pen = QPen(INK, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                   Qt.PenJoinStyle.RoundJoin)  # fmt: skip
        painter.setPen(pen)
        first = QPointF((stroke[0][0] - origin.x()) * scale, (stroke[0][1] - origin.y()) * scale)
        if len(stroke) == 1:
            painter.drawPoint(first)
            continue
        path = QPainterPath(first)
        for x, y, _w in stroke[1:]:
            path.lineTo((x - origin.x()) * scale, (y - origin.y()) * scale)
        painter.drawPath(path)
