export * from './topics.ts';
export * from './flightEvent.ts';
export * from './deadLetter.ts';
export * from './influx.ts';
export * from './airports.ts';
export * from './settings.ts';
export * from './dashboard.ts';
export * from './aggregatorMetrics.ts';
