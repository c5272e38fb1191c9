import type { Drill } from '../../drill.ts';
import { killCoordinator } from './killCoordinator.ts';
import { killLeader } from './killLeader.ts';
import { longOutage } from './longOutage.ts';
import { rollingRestart } from './rollingRestart.ts';

/** The drills that need three brokers: `pnpm drills` runs them on a cluster stack of their own. */
export const CLUSTER_DRILLS: readonly Drill[] = [killLeader, rollingRestart, killCoordinator, longOutage];
