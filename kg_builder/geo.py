"""China's provincial-level regions as polygons, and the South China Sea inset, for briefing maps.

The data are those of ECharts 4.9's map of China (npm package echarts@4.9.0, Apache-2.0):
map/json/china.json holds the 34 provincial-level regions with their GB/T 2260 codes and label
points, in ECharts' compressed coordinate encoding (decoded here as ECharts' parseGeoJson does);
lib/coord/geo/fix/nanhai.js holds the inset that standard maps of China draw for the South China
Sea islands (the frame and the dashed line, in the inset's own units). `policykg setup` installs
the package from the npm registry beside the models ($POLICYKG_MODELS/map, by default
$POLICYKG_HOME/models/map) from kg_builder/data/map/package-lock.json.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from kg_builder.errors import Unavailable
from kg_builder.npm import NpmBundle
from kg_builder.resources import resource
from kg_builder.settings import get_settings

_BOUNDARIES = "echarts/map/json/china.json"
_INSET = "echarts/lib/coord/geo/fix/nanhai.js"
MAP_DATA = NpmBundle(
    "the map of China (npm echarts@4.9.0)",
    resource("kg_builder", "data", "map"),
    "map",
    (_BOUNDARIES, _INSET),
    with_models=True,
)
# ECharts draws its map of China with latitude stretched by 1/0.75 (its aspectScale): so do we.
ASPECT = 1 / 0.75

Ring = list[tuple[float, float]]  # longitude, latitude


class MapDataError(Unavailable):
    """The installed map data is not in the form this module reads."""


@dataclass(frozen=True)
class Region:
    name: str  # short name, as the gazetteer's provinces have it (内蒙古, 广西)
    code: str  # GB/T 2260 code (430000)
    rings: tuple[Ring, ...]  # each polygon's outer ring (the holes are regions drawn after it: 北京 in 河北)
    label_point: tuple[float, float]  # where ECharts puts the name (the capital)

    @property
    def centroid(self) -> tuple[float, float]:
        """The area centroid of the largest ring (shoelace formula)."""
        ring = max(self.rings, key=lambda r: abs(ring_area(r)))
        area = ring_area(ring)
        cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
            cross = x0 * y1 - x1 * y0
            cx, cy = cx + (x0 + x1) * cross, cy + (y0 + y1) * cross
        return cx / (6 * area), cy / (6 * area)


@dataclass(frozen=True)
class ChinaMap:
    regions: tuple[Region, ...]  # in the data's order: enclosed regions come after their surroundings
    inset: tuple[Ring, ...]  # the South China Sea inset: frame and dashes, x right and y down, 64 x 93.1 units


@cache
def china_map() -> ChinaMap:
    settings = get_settings()
    boundaries = MAP_DATA.file(settings, _BOUNDARIES)
    inset = MAP_DATA.file(settings, _INSET)
    try:
        return ChinaMap(
            regions=tuple(_regions(json.loads(boundaries.read_text(encoding="utf-8")))),
            inset=_inset(inset.read_text(encoding="utf-8")),
        )
    except (KeyError, TypeError, ValueError) as err:
        raise MapDataError(f"{boundaries.parent.parent}: not ECharts 4.9's map of China ({err})") from err


def _regions(data: dict[str, Any]) -> list[Region]:
    scale = data.get("UTF8Scale", 1024)
    regions = []
    for feature in data["features"]:
        geometry, props = feature["geometry"], feature["properties"]
        polygons = geometry["coordinates"]
        offsets = geometry["encodeOffsets"]
        if geometry["type"] == "Polygon":
            polygons, offsets = [polygons], [offsets]
        rings = tuple(
            _decode(polygon[0], offset[0], scale) if data.get("UTF8Encoding") else [tuple(p) for p in polygon[0]]
            for polygon, offset in zip(polygons, offsets, strict=True)
        )
        regions.append(Region(props["name"], props["id"], rings, tuple(props["cp"])))
    return regions


def _decode(encoded: str, offset: list[int], scale: int) -> Ring:
    """ECharts' encoding: each coordinate a zigzag-encoded delta from the previous one, as a character + 64."""
    x, y = offset
    ring = []
    for i in range(0, len(encoded), 2):
        dx, dy = ord(encoded[i]) - 64, ord(encoded[i + 1]) - 64
        x += (dx >> 1) ^ -(dx & 1)
        y += (dy >> 1) ^ -(dy & 1)
        ring.append((x / scale, y / scale))
    return ring


def _inset(script: str) -> tuple[Ring, ...]:
    """The `points` array literal of nanhai.js (JSON as written)."""
    found = re.search(r"var points = (\[.*?\]);\s*$", script, re.M)
    if found is None:
        raise ValueError("no `var points = [...]` in nanhai.js")
    return tuple([(float(x), float(y)) for x, y in ring] for ring in json.loads(found.group(1)))


def ring_area(ring: Ring) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True)) / 2
