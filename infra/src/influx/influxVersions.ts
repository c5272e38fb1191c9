/**
 * The InfluxDB releases the project runs on, in one place (as
 * infra/kafka/pom.xml is for Kafka). A stack runs `INFLUXDB_VERSION`
 * (default: Debian's); any other 1.x or 2.x release is built from its Go
 * module once (buildInflux.ts).
 */
export const INFLUXDB_VERSIONS = {
  /** Debian's `influxdb` package: installs in seconds, so the demo's and the suite's default. From 2018, inmem index. */
  debian: '1.6.7',
  /** The current 1.x OSS line, as most 1.x users run it (TSI index); a compatibility pass in the suite. */
  current1x: '1.13.2',
  /** The 2.x line through its v1-compatible API (buckets, DBRP mappings, tokens); a compatibility pass in the suite. */
  line2x: '2.8.0',
} as const;

export type InfluxMajor = 1 | 2;

export function influxMajor(version: string): InfluxMajor {
  return version.startsWith('2.') ? 2 : 1;
}

/** Debian's build is installed with apt-get; every other release is built from source. */
export function isDebianInflux(version: string): boolean {
  return version === INFLUXDB_VERSIONS.debian;
}

/** `1.13.2`, `2.8.0`: the releases this project knows how to build (3.x is Rust, not a Go module). */
export function checkInfluxVersion(version: string): string | undefined {
  if (!/^[12]\.\d+\.\d+$/.test(version))
    return `INFLUXDB_VERSION="${version}" is not a 1.x or 2.x release such as ${INFLUXDB_VERSIONS.current1x} or ${INFLUXDB_VERSIONS.line2x}`;
  return undefined;
}
