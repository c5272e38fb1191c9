/**
 * One partition of one topic: what the group assigns, what windows are kept
 * and offsets committed for. `key` ("topic/partition") is its name in maps
 * and the InfluxDB `stream` tag; the topic and partition stay beside it, so
 * nothing splits the key back.
 */
export interface Stream {
  readonly topic: string;
  readonly partition: number;
  readonly key: string;
}

export function stream(topic: string, partition: number): Stream {
  return { topic, partition, key: `${topic}/${partition}` };
}

/** A partition's windows with the stream they belong to. */
export interface StreamWindows<W> {
  readonly stream: Stream;
  readonly windows: W;
}
