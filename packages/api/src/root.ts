import { agentRouter } from './routers/agent.ts';
import { apiKeysRouter } from './routers/api-keys.ts';
import { claimsRouter } from './routers/claims.ts';
import { customFieldsRouter } from './routers/custom-fields.ts';
import { deviceRouter } from './routers/device.ts';
import { eventsRouter } from './routers/events.ts';
import { queueRouter } from './routers/queue.ts';
import { authRouter } from './routers/auth.ts';
import { invitationsRouter } from './routers/invitations.ts';
import { itemsRouter } from './routers/items.ts';
import { labelsRouter } from './routers/labels.ts';
import { membersRouter } from './routers/members.ts';
import { productsRouter } from './routers/products.ts';
import { router } from './trpc.ts';

export const appRouter = router({
  auth: authRouter,
  apiKeys: apiKeysRouter,
  items: itemsRouter,
  labels: labelsRouter,
  members: membersRouter,
  products: productsRouter,
  claims: claimsRouter,
  queue: queueRouter,
  agent: agentRouter,
  events: eventsRouter,
  device: deviceRouter,
  invitations: invitationsRouter,
  customFields: customFieldsRouter,
});

export type AppRouter = typeof appRouter;
