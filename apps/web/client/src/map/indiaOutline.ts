import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { geoArea } from 'd3-geo';
// India's states and union territories as India draws them (Jammu and Kashmir
// and Ladakh whole), from amCharts' geodata (linkware licence: the map shows
// its attribution link). Bundled by vite: no tile server is needed.
import india from '@amcharts/amcharts5-geodata/json/india2023Low.json' with { type: 'json' };

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
    return { ...feature, geometry: { ...geometry, coordinates: geometry.coordinates.map((ring) => [...ring].reverse()) } };
  }
  if (geometry.type === 'MultiPolygon') {
    return { ...feature, geometry: { ...geometry, coordinates: geometry.coordinates.map((polygon) => polygon.map((ring) => [...(ring as Ring)].reverse())) } };
  }
  return feature;
}

export const INDIA: FeatureCollection = {
  type: 'FeatureCollection',
  features: (india as unknown as FeatureCollection).features.map(rewound),
};

export const MAP_ATTRIBUTION = { text: 'Map: amCharts', href: 'https://www.amcharts.com/' } as const;
