import { router } from '../trpc.ts';

// Filled in by the agents work (issue: coding agents).
export const agentRouter = router({});
