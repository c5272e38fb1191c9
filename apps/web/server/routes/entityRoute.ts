import type express from 'express';
import { z } from 'zod';
import type { InfluxV1Client } from '@flights/influx';
import { DIMENSIONS, parseRangeParams, type Dimension } from '@flights/schemas';
import { BusyError, ConcurrencyLimit } from '../limits/ConcurrencyLimit.ts';
import { loadEntityDetail } from '../snapshot/entityDetail.ts';
import type { WebMetrics } from '../webMetrics.ts';

// Validated here; the key reaches InfluxQL only quoted.
const EntityQuery = z
  .object({ dimension: z.enum(DIMENSIONS as [Dimension, ...Dimension[]]), key: z.string().min(1).max(200) })
  .passthrough();

/**
 * GET /api/entity?dimension=…&key=…&range=…: one entity's detail. Each is
 * built from InfluxDB on request, so at most `limit` run at once and a few
 * more wait; past that the answer is 503 with Retry-After.
 */
export function entityRoute(
  influx: InfluxV1Client,
  metrics: WebMetrics,
  limit = new ConcurrencyLimit('entity details', { running: 4, waiting: 32 }),
): express.RequestHandler {
  return async (request, response) => {
    const params = new URLSearchParams(request.url.split('?')[1] ?? '');
    const entity = EntityQuery.safeParse(Object.fromEntries(params));
    const range = parseRangeParams(params);
    response.once('finish', () => metrics.entityRequests.inc({ status: String(response.statusCode) }));
    if (!entity.success) {
      const dimensions = 'carrier, departure, arrival, route, itinerary, leg, hub, stops';
      return void response.status(400).json({ error: `expected dimension (${dimensions}) and key` });
    }
    if (!range.ok) return void response.status(400).json({ error: range.message });
    try {
      const load = () => loadEntityDetail(influx, range.request, entity.data.dimension, entity.data.key, Date.now());
      response.json(await limit.run(load));
    } catch (error) {
      if (error instanceof BusyError)
        return void response.status(503).setHeader('retry-after', '1').json({ error: error.message });
      response.status(503).json({ error: `InfluxDB did not answer: ${(error as Error).message}` });
    }
  };
}
