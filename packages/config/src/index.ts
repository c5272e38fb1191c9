export * from './settings.ts';
export * from './loadSettings.ts';
export * from './redact.ts';
export { loadDotEnv } from './dotEnv.ts';
export { isTcpPort } from './parsers.ts';
