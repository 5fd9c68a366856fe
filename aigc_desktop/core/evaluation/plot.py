"""Small line charts drawn with Pillow (the core has no plotting library and no Qt): a grid of
panels, each with lines, shaded interval bands and a dashed reference line. Used for the
experiment's ``dose_response.png``, which the GUI shows as it is."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Optional, Sequence

PALETTE = ((214, 39, 40), (31, 119, 180), (44, 160, 44), (148, 103, 189), (255, 127, 14))
INK, GRID, BACKGROUND = (30, 30, 30), (225, 225, 225), (255, 255, 255)


@dataclass
class Series:
    label: str
    values: Sequence[Optional[float]]
    low: Sequence[Optional[float]] = ()  # the band, where known
    high: Sequence[Optional[float]] = ()


@dataclass
class Panel:
    title: str
    xs: Sequence[float]
    series: list = field(default_factory=list)
    reference: Optional[float] = None  # a dashed horizontal line (e.g. the real floor)
    reference_label: str = ""
    percent: bool = False


def _font(size: int):
    from PIL import ImageFont

    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1: the fixed bitmap font
        return ImageFont.load_default()


def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    if not math.isfinite(low) or not math.isfinite(high):
        return [0.0, 1.0]
    if high - low < 1e-12:
        low, high = low - 0.5 * (abs(low) or 1), high + 0.5 * (abs(high) or 1)
    raw = (high - low) / count
    step = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * step:
            step *= m
            break
    start = math.floor(low / step) * step
    return [start + i * step for i in range(int(math.ceil((high - start) / step)) + 1)]


def tick_labels(ticks: list[float], percent: bool) -> list[str]:
    """The axis labels of ``ticks``, with as many decimals as their step needs (ticks 0.05% apart
    read 0.05%, 0.10%, …, not 0%, 0%, …)."""
    scale = 100.0 if percent else 1.0
    step = abs(ticks[1] - ticks[0]) * scale if len(ticks) > 1 else 0.0
    decimals = 0
    while step and decimals < 6 and abs(round(step, decimals) - step) > 1e-9 * max(step, 1.0):
        decimals += 1
    return [f"{t * scale:.{decimals}f}" + ("%" if percent else "") for t in ticks]


def _draw_panel(draw, overlay_draw, panel: Panel, box: tuple, fonts: dict, front: bool) -> None:
    """The back layer (title, grid, axes, bands on ``overlay_draw``) or the front one (lines, markers)."""
    left, top, right, bottom = box
    plot = (left + 62, top + 34, right - 14, bottom - 44)
    finite = [v for s in panel.series for v in list(s.values) + list(s.low) + list(s.high)
              if v is not None and math.isfinite(v)]
    if panel.reference is not None and math.isfinite(panel.reference):
        finite.append(panel.reference)
    if not front:
        draw.text((left + 4, top + 6), panel.title, fill=INK, font=fonts["title"])
    if not finite:
        if not front:
            draw.text((plot[0], (plot[1] + plot[3]) // 2), "no values", fill=INK, font=fonts["small"])
        return
    ticks = _nice_ticks(min(finite), max(finite))
    y0, y1 = ticks[0], ticks[-1]
    xs = list(panel.xs)
    x0, x1 = min(xs), max(xs)
    span = (x1 - x0) or 1.0

    def px(x: float) -> float:
        return plot[0] + (x - x0) / span * (plot[2] - plot[0]) if x1 > x0 else (plot[0] + plot[2]) / 2

    def py(y: float) -> float:
        return plot[3] - (y - y0) / ((y1 - y0) or 1.0) * (plot[3] - plot[1])

    if front:
        for i, s in enumerate(panel.series):
            color = PALETTE[i % len(PALETTE)]
            for edge in (s.low, s.high):  # the band's edges, thin, so overlapping bands stay readable
                line = [(px(x), py(v)) for x, v in zip(xs, edge) if v is not None and math.isfinite(v)]
                if len(line) > 1:
                    draw.line(line, fill=color, width=1)
            points = [(px(x), py(v)) for x, v in zip(xs, s.values) if v is not None and math.isfinite(v)]
            if len(points) > 1:
                draw.line(points, fill=color, width=3)
            for x, y in points:
                draw.ellipse((x - 4, y - 4, x + 4, y + 4), fill=color)
        return
    for t, text in zip(ticks, tick_labels(ticks, panel.percent)):
        y = py(t)
        draw.line((plot[0], y, plot[2], y), fill=GRID)
        draw.text((plot[0] - 6, y), text, fill=INK, font=fonts["small"], anchor="rm")
    for x in xs:
        draw.line((px(x), plot[3], px(x), plot[3] + 4), fill=INK)
        draw.text((px(x), plot[3] + 8), f"{x:g}", fill=INK, font=fonts["small"], anchor="mt")
    draw.text(((plot[0] + plot[2]) / 2, bottom - 14), "dirt rate", fill=INK, font=fonts["small"], anchor="mm")
    draw.rectangle(plot, outline=INK)
    if panel.reference is not None and math.isfinite(panel.reference):
        y = py(panel.reference)
        for x in range(int(plot[0]), int(plot[2]), 10):
            draw.line((x, y, min(x + 5, plot[2]), y), fill=(90, 90, 90), width=2)
    for i, s in enumerate(panel.series):
        color = PALETTE[i % len(PALETTE)]
        band = [(px(x), py(h)) for x, h in zip(xs, s.high) if h is not None and math.isfinite(h)]
        band += [(px(x), py(lo)) for x, lo in reversed(list(zip(xs, s.low))) if lo is not None and math.isfinite(lo)]
        if len(band) >= 3:
            overlay_draw.polygon(band, fill=color + (36,))


def render(panels: list[Panel], title: str, columns: int = 2, panel_size: tuple = (520, 330)):
    """A PIL image of the panels in a grid under ``title``, with one legend for all."""
    from PIL import Image, ImageDraw

    fonts = {"title": _font(16), "small": _font(13), "head": _font(18)}
    rows = max(1, math.ceil(len(panels) / columns))
    head, legend = 40, 34
    width, height = columns * panel_size[0], head + legend + rows * panel_size[1]
    image = Image.new("RGB", (width, height), BACKGROUND)
    overlay = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw, overlay_draw = ImageDraw.Draw(image), ImageDraw.Draw(overlay)
    draw.text((12, 10), title, fill=INK, font=fonts["head"])
    labels = [s.label for s in panels[0].series] if panels else []
    x = 12
    for i, label in enumerate(labels):
        color = PALETTE[i % len(PALETTE)]
        draw.line((x, head + 12, x + 26, head + 12), fill=color, width=3)
        draw.text((x + 32, head + 12), label, fill=INK, font=fonts["small"], anchor="lm")
        x += 44 + int(draw.textlength(label, font=fonts["small"]))
    if panels and panels[0].reference_label:
        for dx in range(0, 26, 10):
            draw.line((x + dx, head + 12, x + dx + 5, head + 12), fill=(90, 90, 90), width=2)
        draw.text((x + 32, head + 12), panels[0].reference_label, fill=INK, font=fonts["small"], anchor="lm")
    boxes = []
    for k in range(len(panels)):
        r, c = divmod(k, columns)
        boxes.append((c * panel_size[0], head + legend + r * panel_size[1], (c + 1) * panel_size[0],
                      head + legend + (r + 1) * panel_size[1]))
    for panel, box in zip(panels, boxes):
        _draw_panel(draw, overlay_draw, panel, box, fonts, front=False)
    image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    draw = ImageDraw.Draw(image)
    for panel, box in zip(panels, boxes):
        _draw_panel(draw, None, panel, box, fonts, front=True)
    return image
