import * as core from '@baton/core';
import { DeviceAuthorization, DevicePollInput, DevicePollResult, DeviceRequest, DeviceStartInput, UserCodeInput } from '@baton/contracts';
import { publicProcedure, router, userProcedure } from '../trpc.ts';

/** Device-code login (RFC 8628) for the CLI and editors: start and poll are public, approving takes a person. */
export const deviceRouter = router({
  start: publicProcedure
    .input(DeviceStartInput)
    .output(DeviceAuthorization)
    .mutation(({ ctx, input }) => core.startDeviceLogin(ctx, input, { origin: ctx.origin })),
  poll: publicProcedure
    .input(DevicePollInput)
    .output(DevicePollResult)
    .mutation(({ ctx, input }) => core.pollDeviceLogin(ctx, input.deviceCode, { ip: ctx.ip, userAgent: ctx.userAgent })),
  /** What the approval page shows before the person decides. */
  lookup: userProcedure
    .input(UserCodeInput)
    .output(DeviceRequest)
    .query(({ ctx, input }) => core.findDeviceRequest(ctx, input.userCode)),
  approve: userProcedure
    .input(UserCodeInput)
    .output(DeviceRequest)
    .mutation(({ ctx, input }) => core.approveDeviceLogin(ctx, ctx.session.userId, input.userCode)),
  deny: userProcedure
    .input(UserCodeInput)
    .output(DeviceRequest)
    .mutation(({ ctx, input }) => core.denyDeviceLogin(ctx, ctx.session.userId, input.userCode)),
});
