import { describe, expect, it } from 'vitest';
import { hubKeys, itineraryKey, legKeys, pathLabel, stopsBucket, stopsLabel } from './network.ts';

describe('network keys of a route', () => {
  it('a one-stop path: one itinerary, two legs, one hub, 1 stop', () => {
    const route = ['DEL', 'BOM', 'COK'];
    expect(itineraryKey(route)).toBe('DEL-BOM-COK');
    expect(legKeys(route)).toEqual(['DEL-BOM', 'BOM-COK']);
    expect(hubKeys(route)).toEqual(['BOM']);
    expect(stopsBucket(route)).toBe('1');
  });

  it('a non-stop path has one leg and no hub', () => {
    expect(legKeys(['BLR', 'DEL'])).toEqual(['BLR-DEL']);
    expect(hubKeys(['BLR', 'DEL'])).toEqual([]);
    expect(stopsBucket(['BLR', 'DEL'])).toBe('0');
  });

  it('puts four stops and more in one bucket and counts every intermediate code', () => {
    const route = ['BLR', 'BOM', 'IDR', 'GWL', 'DEL', 'HYD'];
    expect(stopsBucket(route)).toBe('4+');
    expect(hubKeys(route)).toEqual(['BOM', 'IDR', 'GWL', 'DEL']);
    expect(legKeys(route)).toHaveLength(5);
  });

  it('a flight without a path adds nothing to the network', () => {
    expect(itineraryKey([])).toBeNull();
    expect(legKeys([])).toEqual([]);
    expect(hubKeys([])).toEqual([]);
    expect(stopsBucket([])).toBeNull();
  });

  it('labels paths and stops for people', () => {
    expect(pathLabel('DEL-BOM-COK')).toBe('DEL → BOM → COK');
    expect(stopsLabel('0')).toBe('non-stop');
    expect(stopsLabel('1')).toBe('1 stop');
    expect(stopsLabel('4+')).toBe('4+ stops');
  });
});
