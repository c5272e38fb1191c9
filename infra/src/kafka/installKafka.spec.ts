import { describe, expect, it } from 'vitest';
import { compareReleases, kafkaCompatVersion, kafkaLogging, kafkaVersion } from './installKafka.ts';

describe('Kafka versions', () => {
  it('reads the local broker and the compatibility line from the pom, the newer first', () => {
    expect(kafkaVersion()).toMatch(/^4\.\d+\.\d+$/);
    expect(kafkaCompatVersion()).toMatch(/^3\.\d+\.\d+$/);
    expect(compareReleases(kafkaCompatVersion(), kafkaVersion())).toBeLessThan(0);
  });

  it('orders releases by major, minor and patch', () => {
    expect(compareReleases('4.4.0', '3.9.1')).toBeGreaterThan(0);
    expect(compareReleases('4.1.0', '4.4.0')).toBeLessThan(0);
    expect(compareReleases('3.9.1', '3.9.1')).toBe(0);
    expect(compareReleases('3.9.10', '3.9.2')).toBeGreaterThan(0);
  });

  it('gives 4.x log4j2 and 3.x reload4j, each with its own configuration file', () => {
    expect(kafkaLogging('4.4.0')).toMatchObject({
      mavenProfile: 'log4j2',
      jvmFlag: expect.stringContaining('log4j2.yaml'),
    });
    expect(kafkaLogging('3.9.1')).toMatchObject({
      mavenProfile: 'reload4j',
      jvmFlag: expect.stringContaining('log4j.properties'),
    });
  });
});
