import { DashboardInput, ProductDashboard } from '@baton/contracts';
import * as core from '@baton/core';
import { authedProcedure, router } from '../trpc.ts';

export const dashboardRouter = router({
  /** The product at a glance (in progress with leases, blocked, due, done, activity, open counts); readers and up. */
  get: authedProcedure.input(DashboardInput).output(ProductDashboard).query(({ ctx, input }) => core.productDashboard(ctx, input)),
});
