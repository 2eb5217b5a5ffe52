"""Export: PNG, SVG and PDF files of the demo map in every theme, and clear errors."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from argmap.canvas.export import MAX_PNG_SIDE, ExportError, export_map
from argmap.canvas.theme import THEME_NAMES
from argmap.cli import main
from argmap.model import ArgumentMap
from argmap.resources_path import resource
from argmap.storage import load_map

pytestmark = pytest.mark.usefixtures("qapp")

DEMO = resource("examples", "peace-framework.argmap.json")
SVG = "{http://www.w3.org/2000/svg}"
PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(
    PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed"
)


@pytest.fixture(scope="module")
def demo() -> ArgumentMap:
    return load_map(DEMO)


def _words(text: str) -> str:
    return " ".join(text.split())


def _svg_texts(path: Path) -> tuple[ET.Element, str]:
    root = ET.parse(path).getroot()
    lines = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    return root, _words(" ".join(lines))


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".part")]


@pytest.mark.parametrize("theme", THEME_NAMES)
def test_png_in_every_theme(demo: ArgumentMap, tmp_path: Path, theme: str) -> None:
    out = tmp_path / "map.png"
    export_map(demo, out, theme=theme, scale=0.5)
    image = QImage(str(out))
    assert not image.isNull() and image.width() > 200 and image.height() > 100
    assert image.allGray() == (theme == "print")  # print is black and white (and grey)


def test_png_size_follows_scale_and_width(demo: ArgumentMap, tmp_path: Path) -> None:
    sizes = {}
    for scale in (1.0, 2.0):
        out = tmp_path / f"s{scale}.png"
        export_map(demo, out, scale=scale)
        sizes[scale] = QImage(str(out)).size()
    assert abs(sizes[2.0].width() - 2 * sizes[1.0].width()) <= 1
    assert abs(sizes[2.0].height() - 2 * sizes[1.0].height()) <= 1
    out = tmp_path / "w.png"
    export_map(demo, out, width=800)
    assert QImage(str(out)).width() == 800
    out = tmp_path / "dpi.png"
    export_map(demo, out, dpi=96)
    image = QImage(str(out))
    assert abs(image.width() - sizes[1.0].width()) <= 1
    assert round(image.dotsPerMeterX() * 0.0254) == 96


def test_png_transparent_background(demo: ArgumentMap, tmp_path: Path) -> None:
    out = tmp_path / "t.png"
    export_map(demo, out, scale=0.5, transparent=True)
    assert QImage(str(out)).pixelColor(1, 1).alpha() == 0
    export_map(demo, out, scale=0.5)
    assert QImage(str(out)).pixelColor(1, 1).alpha() == 255


def test_png_over_the_pixel_limit_is_refused(demo: ArgumentMap, tmp_path: Path) -> None:
    out = tmp_path / "huge.png"
    with pytest.raises(ExportError, match=f"limit of {MAX_PNG_SIDE} pixels"):
        export_map(demo, out, scale=40)
    assert not out.exists() and not _leftovers(tmp_path)


@pytest.mark.parametrize("theme", THEME_NAMES)
def test_svg_has_every_node_text_as_text_and_no_bitmaps(
    demo: ArgumentMap, tmp_path: Path, theme: str
) -> None:
    out = tmp_path / "map.svg"
    export_map(demo, out, theme=theme)
    root, texts = _svg_texts(out)
    assert root.tag == f"{SVG}svg"
    assert not list(root.iter(f"{SVG}image")) and "<image" not in out.read_text()
    for node in demo.nodes:
        assert _words(node.text) in texts, node.id
    titles = {
        r.get("id"): r.find(f"{SVG}title").text  # type: ignore[union-attr]
        for r in root.iter(f"{SVG}rect")
        if r.get("class") == "argmap-node"
    }
    assert titles == {f"node-{n.id}": n.text for n in demo.nodes}
    assert root.find(f"{SVG}title").text == demo.title  # type: ignore[union-attr]
    assert root.get("width", "").endswith("px")


def test_svg_width_and_selection(demo: ArgumentMap, tmp_path: Path) -> None:
    out = tmp_path / "sel.svg"
    chosen = [demo.nodes[0].id, demo.nodes[1].id]
    export_map(demo, out, select=",".join(chosen), width=600)
    root, texts = _svg_texts(out)
    assert float(root.get("width", "0").removesuffix("px")) == pytest.approx(600, abs=0.5)
    for node in demo.nodes:
        assert (_words(node.text) in texts) == (node.id in chosen), node.id


def _pdf_text(path: Path) -> str:
    # -raw keeps the order the text was drawn in (node by node); the default reading
    # order interleaves the lines of boxes that happen to sit side by side.
    assert PDFTOTEXT is not None
    result = subprocess.run(
        [PDFTOTEXT, "-raw", str(path), "-"], capture_output=True, text=True, check=True
    )
    return _words(result.stdout)


@needs_pdftotext
@pytest.mark.parametrize("theme", THEME_NAMES)
def test_pdf_text_has_every_node(demo: ArgumentMap, tmp_path: Path, theme: str) -> None:
    out = tmp_path / "map.pdf"
    export_map(demo, out, theme=theme)
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and b"/Subtype /Image" not in data
    assert b"/FontFile" in data  # fonts embedded
    text = _pdf_text(out)
    for node in demo.nodes:
        assert _words(node.text) in text, node.id


@needs_pdftotext
def test_pdf_title_and_tiled_pages(demo: ArgumentMap, tmp_path: Path) -> None:
    out = tmp_path / "tiled.pdf"
    export_map(demo, out, paper="a4")
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
    assert re.search(r"Title:\s+US-Russia peace framework", info.stdout)
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))  # type: ignore[union-attr]
    assert pages > 1
    assert re.search(r"Page size:\s+(595|842)", info.stdout)
    fitted = tmp_path / "fitted.pdf"
    export_map(demo, fitted)
    info = subprocess.run(["pdfinfo", str(fitted)], capture_output=True, text=True, check=True)
    assert re.search(r"Pages:\s+1\n", info.stdout)


def test_cli_writes_each_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("map.png", "map.svg", "map.pdf"):
        assert main(["export", str(DEMO), "-o", str(tmp_path / name), "--scale", "0.5"]) == 0
        assert (tmp_path / name).stat().st_size > 1000
    out = tmp_path / "as-pdf.bin"
    assert main(["export", str(DEMO), "-o", str(out), "--format", "pdf"]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["-o", "{dir}/map.gif"], "unknown file suffix '.gif'"),
        (["-o", "{dir}/missing/map.png"], "does not exist"),
        (["-o", "{dir}/map.png", "--select", "nope,thesis"], "no node with id 'nope'"),
        (["-o", "{dir}/map.png", "--thesis", "nope"], "no node 'nope'"),
        (["-o", "{dir}/map.png", "--scale", "0"], "scale must be a positive"),
        (["-o", "{dir}/map.png", "--scale", "2", "--dpi", "300"], "not both"),
        (["-o", "{dir}/map.png", "--paper", "a4"], "PDF only"),
        (["-o", "{dir}"], "it is a folder"),
    ],
)
def test_cli_bad_input_exits_1_and_leaves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    args = [a.replace("{dir}", str(tmp_path)) for a in extra]
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(["export", str(DEMO), *args]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_cli_empty_map_and_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.argmap.json"
    empty.write_text('{"format": "argmap", "version": 1}\n')
    assert main(["export", str(empty), "-o", str(tmp_path / "e.png")]) == 1
    assert "no nodes" in capsys.readouterr().err
    broken = tmp_path / "broken.argmap.json"
    broken.write_text("{")
    assert main(["export", str(broken), "-o", str(tmp_path / "b.png")]) == 1
    assert "broken.argmap.json" in capsys.readouterr().err
    assert not (tmp_path / "e.png").exists() and not (tmp_path / "b.png").exists()


def test_unwritable_folder(demo: ArgumentMap, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if (locked / "probe").parent.stat().st_mode & 0o200 or _can_write(locked):
            pytest.skip("running as a user who can write anywhere (root)")
        with pytest.raises(ExportError, match="cannot write"):
            export_map(demo, locked / "map.png")
    finally:
        locked.chmod(0o700)
    assert list(locked.iterdir()) == []


def _can_write(folder: Path) -> bool:
    try:
        (folder / ".probe").write_text("")
    except OSError:
        return False
    (folder / ".probe").unlink()
    return True


def test_existing_file_is_kept_when_export_fails(demo: ArgumentMap, tmp_path: Path) -> None:
    out = tmp_path / "map.png"
    out.write_bytes(b"old")
    with pytest.raises(ExportError):
        export_map(demo, out, scale=40)
    assert out.read_bytes() == b"old"


def test_exported_file_gets_normal_permissions(tmp_path: Path) -> None:
    import os

    from argmap.canvas.export import export_map
    from argmap.storage import load_map

    umask = os.umask(0o022)
    try:
        out = tmp_path / "perm.svg"
        export_map(load_map(DEMO), out)
        assert out.stat().st_mode & 0o777 == 0o644
    finally:
        os.umask(umask)
