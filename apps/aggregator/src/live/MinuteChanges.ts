import { LIVE_WINDOW_MS, MINUTE_MS, type MinuteRecord } from '@flights/schemas';
import { tallyEntries } from '../influx/minutePoints.ts';
import type { MinuteSnapshot } from '../window/PartitionWindows.ts';

/** A minute this far behind the newest one published for its stream is forgotten here (it is final long since). */
const FORGET_AFTER_MS = 15 * 60_000;

/**
 * What this member has told the minutes topic of each open minute: a point
 * goes out again only when its fields changed. Pure state, no I/O. A new
 * join forgets everything: the windows are rebuilt from the checkpoint, and
 * every point is published again under the new fence, overwriting the
 * former owner's values (they are absolute, so a reader never double counts).
 */
export class MinuteChanges {
  /**
   * Per stream and minute start: each tally's flights when last published,
   * by measurement and entity. Within one join a tally's flights grow with
   * every event counted into it, so an unchanged count is an unchanged point,
   * and no point is built or compared for it.
   */
  private readonly sent = new Map<string, Map<number, Map<string, number>>>();
  private generation = Number.NaN;

  /**
   * The records of the points of `snapshots` whose fields changed since last
   * published, each with a key unique to its point (cheaper than the topic's key). `generation` is the member's join count (GroupAssignment.generation),
   * `fence` the group's generation id that goes on the records.
   */
  changes(
    generation: number,
    fence: number,
    stream: string,
    snapshots: readonly MinuteSnapshot[],
    at: number,
  ): { key: string; record: MinuteRecord }[] {
    if (generation !== this.generation) {
      this.sent.clear();
      this.generation = generation;
    }
    let minutes = this.sent.get(stream);
    if (!minutes) this.sent.set(stream, (minutes = new Map()));
    const records: { key: string; record: MinuteRecord }[] = [];
    // Readers keep the live window only: an older minute (a history replay's) is InfluxDB's alone, and
    // publishing a month of them would only fill the topic.
    const oldest = at - LIVE_WINDOW_MS - MINUTE_MS;
    for (const snapshot of snapshots) {
      if (snapshot.start < oldest) continue;
      let points = minutes.get(snapshot.start);
      if (!points) minutes.set(snapshot.start, (points = new Map()));
      for (const entry of tallyEntries(snapshot.counts)) {
        const key = `${entry.measurement}\u0001${entry.entity}`;
        if (points.get(key) === entry.tally.flights) continue;
        points.set(key, entry.tally.flights);
        const { measurement, tags, fields } = entry.point();
        records.push({
          key: `${stream}\u0001${snapshot.start}\u0001${key}`,
          record: { v: 1, measurement, tags, stream, minute: snapshot.start, fields, fence, at },
        });
      }
    }
    this.forgetOld(minutes);
    return records;
  }

  private forgetOld(minutes: Map<number, Map<string, number>>): void {
    let newest = Number.NEGATIVE_INFINITY;
    for (const start of minutes.keys()) newest = Math.max(newest, start);
    for (const start of minutes.keys()) if (start < newest - FORGET_AFTER_MS) minutes.delete(start);
  }
}
