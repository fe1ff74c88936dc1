import { agentRouter } from './routers/agent.ts';
import { attachmentsRouter } from './routers/attachments.ts';
import { notificationsRouter } from './routers/notifications.ts';
import { timeEntriesRouter } from './routers/time-entries.ts';
import { apiKeysRouter } from './routers/api-keys.ts';
import { claimsRouter } from './routers/claims.ts';
import { customFieldsRouter } from './routers/custom-fields.ts';
import { workflowStatesRouter } from './routers/workflow-states.ts';
import { dashboardRouter } from './routers/dashboard.ts';
import { deviceRouter } from './routers/device.ts';
import { eventsRouter } from './routers/events.ts';
import { queueRouter } from './routers/queue.ts';
import { sprintsRouter } from './routers/sprints.ts';
import { authRouter } from './routers/auth.ts';
import { integrationsRouter } from './routers/integrations.ts';
import { webhooksRouter } from './routers/webhooks.ts';
import { importsRouter } from './routers/imports.ts';
import { invitationsRouter } from './routers/invitations.ts';
import { itemsRouter } from './routers/items.ts';
import { labelsRouter } from './routers/labels.ts';
import { membersRouter } from './routers/members.ts';
import { milestonesRouter } from './routers/milestones.ts';
import { organizationsRouter } from './routers/organizations.ts';
import { productsRouter } from './routers/products.ts';
import { savedViewsRouter } from './routers/saved-views.ts';
import { publicRouter } from './routers/public.ts';
import { releasesRouter } from './routers/releases.ts';
import { roadmapSettingsRouter } from './routers/roadmap-settings.ts';
import { emailInSettingsRouter } from './routers/email-in-settings.ts';
import { triageRouter } from './routers/triage.ts';
import { router } from './trpc.ts';

export const appRouter = router({
  auth: authRouter,
  apiKeys: apiKeysRouter,
  items: itemsRouter,
  labels: labelsRouter,
  members: membersRouter,
  organizations: organizationsRouter,
  products: productsRouter,
  claims: claimsRouter,
  queue: queueRouter,
  agent: agentRouter,
  events: eventsRouter,
  device: deviceRouter,
  savedViews: savedViewsRouter,
  notifications: notificationsRouter,
  dashboard: dashboardRouter,
  timeEntries: timeEntriesRouter,
  attachments: attachmentsRouter,
  milestones: milestonesRouter,
  sprints: sprintsRouter,
  releases: releasesRouter,
  public: publicRouter,
  triage: triageRouter,
  roadmapSettings: roadmapSettingsRouter,
  emailInSettings: emailInSettingsRouter,
  invitations: invitationsRouter,
  customFields: customFieldsRouter,
  workflowStates: workflowStatesRouter,
  integrations: integrationsRouter,
  webhooks: webhooksRouter,
  imports: importsRouter,
});

export type AppRouter = typeof appRouter;
