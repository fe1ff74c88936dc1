export * from './auth.ts';
export * from './common.ts';
export * from './enums.ts';
export * from './errors.ts';
export * from './items.ts';
export * from './limits.ts';
export * from './agents.ts';
export * from './device.ts';
