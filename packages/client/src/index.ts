export { createClient, errorOf, TRPCClientError, type BatonClient, type ClientOptions } from './create-client.ts';
export type { AppRouter } from '@baton/api';
