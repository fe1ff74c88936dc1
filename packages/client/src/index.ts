export { createClient, type BatonClient, type ClientOptions } from './create-client.ts';
export {
  createAgentClient,
  type AgentClient,
  type AgentClientOptions,
  type EventFilter,
  type EventSubscription,
  type KeepAlive,
  type LeaseRef,
} from './agent-client.ts';
export { BatonError, errorOf, type BatonErrorCode } from './errors.ts';
export { TRPCClientError } from '@trpc/client';
export type { AppRouter } from '@baton/api';
export type { AgentIdentity } from '@baton/contracts';
