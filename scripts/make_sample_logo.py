"""Draw the sample company logo the proposal uses when no logo is configured (run once)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "proposal" / "sample-logo.png"
FONT = ROOT / "resources" / "fonts" / "DejaVuSans-Bold.ttf"


def main() -> None:
    scale = 4  # drawn large, scaled down: smooth edges
    width, height = 640 * scale, 160 * scale
    image = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    # Three mountains (the Andes) in the company's blues and green.
    for left, peak, colour in ((10, 40, "#1f4e79"), (70, 10, "#2e75b6"), (130, 50, "#3a9b5c")):
        points = [(left * scale, 150 * scale), ((left + 60) * scale, peak * scale),
                  ((left + 120) * scale, 150 * scale)]  # fmt: skip
        draw.polygon(points, fill=colour)
    font = ImageFont.truetype(str(FONT), 54 * scale)
    small = ImageFont.truetype(str(FONT), 26 * scale)
    draw.text((270 * scale, 30 * scale), "Soluciones", font=font, fill="#1f4e79")
    draw.text((272 * scale, 100 * scale), "ANDINAS S.A.S.", font=small, fill="#3a9b5c")
    image.resize((width // scale, height // scale), Image.LANCZOS).save(OUT, optimize=True)


if __name__ == "__main__":
    main()
