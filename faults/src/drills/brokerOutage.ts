import { stackConfig, stackDown, stackUp } from '@flights/infra';
import { outageDrill } from '../outageDrill.ts';

export const brokerOutage = outageDrill({
  name: 'broker-outage',
  proves:
    'the broker stopped for longer than the replayer rides out: it exits 3 naming the rows not acknowledged, and the same command with --resume sends exactly what is missing: every flight in Kafka and in InfluxDB once',
  outage: {
    async takeDown() {
      await stackDown(stackConfig(), { kafka: true, influx: false });
      return 'Kafka stopped';
    },
    async bringBack() {
      await stackUp(stackConfig(), () => undefined);
      return 'Kafka started again';
    },
  },
});
