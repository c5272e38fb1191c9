import { memo, useMemo, useState } from 'react';
import { geoPath } from 'd3-geo';
import type { DashboardSnapshot } from '@flights/schemas/dashboard';
import { formatCount } from '../format.ts';
import { MAP_ATTRIBUTION, regionFor, type MapRegion } from './outlines.ts';
import { networkLayout, type MapAirport, type MapLeg } from './networkLayout.ts';

/** The region's state outlines as SVG paths, drawn once per region. */
const drawnStates = new Map<string, { id: string; d: string }[]>();
function states(region: MapRegion) {
  let paths = drawnStates.get(region.country);
  if (!paths) {
    const outline = geoPath(region.projection);
    paths = region.outline.features.map((feature, i) => ({
      id: String(feature.properties?.id ?? i),
      d: outline(feature) ?? '',
    }));
    drawnStates.set(region.country, paths);
  }
  return paths;
}

/** The airports and legs the region's projection can place (Albers USA has no Puerto Rico), and the codes it cannot. */
function placeOn(region: MapRegion, layout: ReturnType<typeof networkLayout>) {
  const points = new Map<string, [number, number]>();
  const unplaced = new Set(layout.unplaced);
  for (const a of layout.airports) {
    const xy = region.projection([a.longitude, a.latitude]);
    if (xy) points.set(a.code, xy as [number, number]);
    else unplaced.add(a.code);
  }
  return {
    airports: layout.airports.filter((a) => points.has(a.code)),
    legs: layout.legs.filter((leg: MapLeg) => points.has(leg.from.code) && points.has(leg.to.code)),
    point: (a: MapAirport): [number, number] => points.get(a.code) ?? [0, 0],
    unplaced: [...unplaced].sort(),
  };
}

/** A leg as a gentle arc, bent to the left of its direction so A→B and B→A do not overlap. */
function arc(from: [number, number], to: [number, number]): string {
  const [x1, y1] = from;
  const [x2, y2] = to;
  const bend = 0.18;
  const cx = (x1 + x2) / 2 + (y2 - y1) * bend;
  const cy = (y1 + y2) / 2 - (x2 - x1) * bend;
  return `M${x1},${y1} Q${cx},${cy} ${x2},${y2}`;
}

interface Props {
  snapshot: DashboardSnapshot;
  selected: string | null;
  onSelect: (code: string | null) => void;
  /** Airports with an alert firing (as departure, arrival or hub): ringed in the alert colour. */
  alerting?: ReadonlySet<string>;
}

const NONE: ReadonlySet<string> = new Set();

/**
 * The country of the window's airports (India for the fare files, the
 * United States for on-time files) with the airports at their real coordinates: legs as arcs
 * as wide as their share of the busiest leg, airports as bubbles whose area
 * follows departures + arrivals + connections (amber where connections are
 * at least half of it: the hubs). Hover shows exact counts; a click selects
 * the airport for the detail beside the map.
 */
export const NetworkMap = memo(function NetworkMap({ snapshot, selected, onSelect, alerting = NONE }: Props) {
  const { region, airports, legs, point, unplaced } = useMemo(() => {
    const layout = networkLayout(snapshot);
    const chosen = regionFor(layout.airports.map((a) => a.country));
    return { region: chosen, ...placeOn(chosen, layout) };
  }, [snapshot]);
  const [hovered, setHovered] = useState<string | null>(null);
  const maxLeg = Math.max(1, ...legs.map((leg) => leg.flights));
  const maxTotal = Math.max(1, ...airports.map((a) => a.total));
  const radius = (a: MapAirport) => 3 + 15 * Math.sqrt(a.total / maxTotal);
  const hover = airports.find((a) => a.code === hovered);
  return (
    <div className="network-map" data-testid="network-map">
      <svg
        viewBox={`0 0 ${region.width} ${region.height}`}
        role="img"
        data-region={region.country}
        aria-label={`Map of ${region.name}: ${airports.length} airports and ${legs.length} legs in the range`}
      >
        <g className="states">
          {states(region).map((state) => (
            <path key={state.id} d={state.d} />
          ))}
        </g>
        <g className="legs">
          {[...legs]
            .sort((a, b) => a.flights - b.flights)
            .map((leg) => (
              <path
                key={leg.key}
                d={arc(point(leg.from), point(leg.to))}
                strokeWidth={0.6 + 6 * (leg.flights / maxLeg)}
                data-leg={leg.key}
                data-flights={leg.flights}
                className={hovered && (leg.from.code === hovered || leg.to.code === hovered) ? 'active' : undefined}
              >
                <title>{`${leg.from.code} → ${leg.to.code}: ${formatCount(leg.flights)} flights`}</title>
              </path>
            ))}
        </g>
        <g className="airports">
          {[...airports].reverse().map((a) => {
            const [x, y] = point(a);
            return (
              <g key={a.code} transform={`translate(${x},${y})`}>
                {alerting.has(a.code) && <circle r={radius(a) + 4} className="alerting" data-alerting={a.code} />}
                {/* biome-ignore lint/a11y/useSemanticElements: an airport is a circle on the SVG map; a <button> cannot be one */}
                <circle
                  r={radius(a)}
                  className={
                    [a.connections * 2 >= a.total ? 'hub' : '', a.code === selected ? 'selected' : '']
                      .join(' ')
                      .trim() || undefined
                  }
                  data-airport={a.code}
                  data-departures={a.departures}
                  data-arrivals={a.arrivals}
                  data-connections={a.connections}
                  tabIndex={0}
                  role="button"
                  aria-label={`${a.label}: ${formatCount(a.departures)} departures, ${formatCount(a.arrivals)} arrivals, ${formatCount(a.connections)} connections`}
                  onMouseEnter={() => setHovered(a.code)}
                  onMouseLeave={() => setHovered(null)}
                  onFocus={() => setHovered(a.code)}
                  onBlur={() => setHovered(null)}
                  onClick={() => onSelect(a.code === selected ? null : a.code)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') onSelect(a.code === selected ? null : a.code);
                  }}
                />
                {radius(a) >= 7 && (
                  <text x={radius(a) + 3} y={4}>
                    {a.code}
                  </text>
                )}
              </g>
            );
          })}
        </g>
      </svg>
      {hover && (
        <div className="map-tooltip" data-testid="map-tooltip" role="status">
          <strong>{hover.label}</strong>
          <span>{formatCount(hover.departures)} departures</span>
          <span>{formatCount(hover.arrivals)} arrivals</span>
          <span>{formatCount(hover.connections)} connections</span>
        </div>
      )}
      <p className="map-foot">
        Bubble area: departures + arrivals + connections; amber: mostly connections. Arc width: flights on the leg.
        {unplaced.length > 0 && ` Not on the map (no coordinates): ${unplaced.join(', ')}.`}{' '}
        <a href={MAP_ATTRIBUTION.href} target="_blank" rel="noreferrer">
          {MAP_ATTRIBUTION.text}
        </a>
      </p>
    </div>
  );
});
