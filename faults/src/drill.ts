export type DrillSize = 'short' | 'full';

export interface DrillResult {
  drill: string;
  /** What the drill did, with the moments it chose at random (to reproduce a failure). */
  did: string;
  /** Empty when InfluxDB (or the replayer's report) matches the ground truth exactly. */
  differences: string[];
}

export interface Drill {
  name: string;
  /** One line for the README and the report: what a pass proves. */
  proves: string;
  run(size: DrillSize, log: (line: string) => void): Promise<DrillResult>;
}
