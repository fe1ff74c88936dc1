import { z } from 'zod';
import { line, token } from './text.ts';
import { Email, Id } from './common.ts';
import { MemberRole } from './enums.ts';
import { LabelInput } from './items.ts';

// Product settings: invitations, custom field definitions and label edits.

/** How long an invitation link stays valid unless the inviter says otherwise. */
export const INVITATION_DAYS = { default: 7, max: 30 } as const;

export const CreateInvitationInput = z.strictObject({
  organizationId: Id,
  email: Email,
  role: MemberRole,
  expiresInDays: z.number().int().min(1, 'must be at least 1 day').max(INVITATION_DAYS.max, `must be at most ${INVITATION_DAYS.max} days`).default(INVITATION_DAYS.default),
});
export type CreateInvitationInput = z.input<typeof CreateInvitationInput>;

export const Invitation = z.object({
  id: z.string(),
  organizationId: z.string(),
  email: z.string(),
  role: MemberRole,
  invitedBy: z.object({ id: z.string(), name: z.string() }),
  expiresAt: z.date(),
  createdAt: z.date(),
});
export type Invitation = z.infer<typeof Invitation>;

/** The secret is returned once, at creation: only its SHA-256 is stored. `path` is the accept page's path. */
export const CreatedInvitation = z.object({ invitation: Invitation, token: z.string(), path: z.string() });
export type CreatedInvitation = z.infer<typeof CreatedInvitation>;

/** An invitation token: base32, as `randomToken` makes them. */
export const InvitationToken = token().trim().regex(/^[a-z2-7]{16,64}$/, 'is not a valid invitation link');

/** What the accept page shows before anyone signs in. */
export const InvitationPreview = z.object({
  organizationName: z.string(),
  email: z.string(),
  role: MemberRole,
  invitedByName: z.string(),
  expiresAt: z.date(),
});
export type InvitationPreview = z.infer<typeof InvitationPreview>;

export const AcceptedInvitation = z.object({
  organizationId: z.string(),
  role: MemberRole,
  /** the first product of the organization, where the new member lands */
  productKey: z.string().nullable(),
});
export type AcceptedInvitation = z.infer<typeof AcceptedInvitation>;

export const CustomFieldKind = z.enum(['text', 'number', 'date', 'select']);
export type CustomFieldKind = z.infer<typeof CustomFieldKind>;

const fieldName = line().min(1, 'is required').max(64, 'is longer than 64 characters');
const fieldOption = line().min(1, 'cannot be empty').max(64, 'is longer than 64 characters');
const fieldOptions = z
  .array(fieldOption)
  .max(50, 'has more than 50 options')
  .refine((o) => new Set(o).size === o.length, 'has the same option twice');

export const CustomField = z.object({ id: z.string(), key: z.string(), name: z.string(), kind: CustomFieldKind, options: z.array(z.string()) });
export type CustomField = z.infer<typeof CustomField>;

export const CreateCustomFieldInput = z
  .strictObject({
    productId: Id,
    key: token().trim().regex(/^[a-z][a-z0-9_]{0,31}$/, 'must be 1-32 lower-case letters, digits or _, starting with a letter'),
    name: fieldName,
    kind: CustomFieldKind,
    options: fieldOptions.default([]),
  })
  .superRefine((f, ctx) => checkOptions(f.kind, f.options, ctx));
export type CreateCustomFieldInput = z.input<typeof CreateCustomFieldInput>;

/** The key and kind are fixed once items may hold values; the name and a select's options can change. */
export const UpdateCustomFieldInput = z.strictObject({ productId: Id, fieldId: Id, name: fieldName.optional(), options: fieldOptions.optional() });
export type UpdateCustomFieldInput = z.input<typeof UpdateCustomFieldInput>;

export function checkOptions(kind: CustomFieldKind, options: string[], ctx: z.RefinementCtx): void {
  if (kind === 'select' && options.length === 0) ctx.addIssue({ code: 'custom', path: ['options'], message: 'needs at least one option for a select field' });
  if (kind !== 'select' && options.length > 0) ctx.addIssue({ code: 'custom', path: ['options'], message: 'only select fields have options' });
}

/** Rename and/or recolor a label. */
export const UpdateLabelInput = z
  .strictObject({ productId: Id, labelId: Id, name: LabelInput.shape.name.optional(), color: LabelInput.shape.color.removeDefault().optional() })
  .refine((l) => l.name !== undefined || l.color !== undefined, 'has no fields to change');
export type UpdateLabelInput = z.input<typeof UpdateLabelInput>;
