export * from './AlertBook.ts';
export * from './metrics.ts';
export * from './notification.ts';
export * from './observe.ts';
export * from './rules.ts';
export * from './alertRecord.ts';
export * from './usual.ts';
