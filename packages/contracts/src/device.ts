import { z } from 'zod';
import { line, token } from './text.ts';

// Device-code login (RFC 8628): a CLI or editor without a browser asks for a code, a signed-in person approves it
// on /device, and the device exchanges its secret for a session of its own.

/** How long a started login may wait for approval, and how often the device may ask. */
export const DEVICE_LOGIN = { expiresInSeconds: 600, intervalSeconds: 5, slowDownStepSeconds: 5 } as const;

/** Letters that survive being read aloud or copied by hand: no vowels (no words), no 0/O, 1/I/L, 5/S lookalikes. */
export const USER_CODE_ALPHABET = 'BCDFGHJKMNPQRTVWXZ';

export const UserCode = token()
  .trim()
  .transform((s) => s.toUpperCase().replace(/[^A-Z]/g, ''))
  .pipe(z.string().regex(new RegExp(`^[${USER_CODE_ALPHABET}]{8}$`), 'must be the 8-letter code shown on your device, like WDJB-MJHT'))
  .transform((s) => `${s.slice(0, 4)}-${s.slice(4)}`);

export const DeviceStartInput = z.strictObject({ clientName: line().min(1, 'is required').max(100, 'is longer than 100 characters') });
export type DeviceStartInput = z.input<typeof DeviceStartInput>;

export const DeviceAuthorization = z.object({
  /** the device's secret for device.poll; shown to nobody */
  deviceCode: z.string(),
  /** what the person confirms on /device */
  userCode: z.string(),
  /** the approval page, absolute when the server knows its origin (else the path `/device`) */
  verificationUri: z.string(),
  verificationUriComplete: z.string(),
  expiresIn: z.number().int(),
  interval: z.number().int(),
});
export type DeviceAuthorization = z.infer<typeof DeviceAuthorization>;

export const DevicePollInput = z.strictObject({ deviceCode: token().regex(/^[a-z2-7]{32}$/, 'must be the deviceCode device.start returned') });

/** RFC 8628's answers as statuses; a used or unknown code is an error (CONFLICT / NOT_FOUND), not a status. */
export const DevicePollResult = z.discriminatedUnion('status', [
  z.object({ status: z.literal('authorization_pending'), interval: z.number().int() }),
  z.object({ status: z.literal('slow_down'), interval: z.number().int() }),
  z.object({ status: z.literal('expired_token') }),
  z.object({ status: z.literal('access_denied') }),
  z.object({
    status: z.literal('approved'),
    token: z.string(),
    expiresAt: z.date(),
    user: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  }),
]);
export type DevicePollResult = z.infer<typeof DevicePollResult>;

export const UserCodeInput = z.strictObject({ userCode: UserCode });

export const DeviceRequestStatus = z.enum(['pending', 'approved', 'denied', 'expired', 'used']);
export const DeviceRequest = z.object({
  userCode: z.string(),
  clientName: z.string(),
  status: DeviceRequestStatus,
  createdAt: z.date(),
  expiresAt: z.date(),
});
export type DeviceRequest = z.infer<typeof DeviceRequest>;
