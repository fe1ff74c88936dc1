import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { appRouter } from '@baton/api';
import type { ApiScope, MemberRole } from '@baton/contracts';
import * as core from '@baton/core';
import type { Ctx, Principal } from '@baton/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solvedChallenge, verifiedVoter } from '../support/public-board.ts';
import { anonymousCaller, buildOrg, buildProduct, buildUser, callerAsAgent, callerAsUser, TEST_PASSWORD, testDb, testDeps } from '../support/builders.ts';

// The authorization matrix: every procedure of appRouter, called as every kind of caller. A procedure added to
// the router without an entry below fails this file until someone declares who may call it.

const db = testDb();
const deps = testDeps(db);
afterAll(() => db.$disconnect());

// prettier-ignore
const IDENTITIES = ['anonymous', 'owner', 'admin', 'manager', 'developer', 'viewer', 'outsider', 'key:read', 'key:write', 'key:admin', 'key:orgB'] as const;
type Identity = (typeof IDENTITIES)[number];
const KEY_SCOPE: { [I in Identity]?: ApiScope } = { 'key:read': 'read', 'key:write': 'write', 'key:admin': 'admin', 'key:orgB': 'admin' };

// The expectations are written out here, not read from core, so a change to core's tables shows up as a failure.
const ROLE_RANK: Record<MemberRole, number> = { viewer: 1, developer: 2, manager: 3, admin: 4, owner: 5 };
const SCOPE_RANK: Record<ApiScope, number> = { read: 1, write: 2, admin: 3 };

type Rule =
  | { kind: 'public' } // anyone, signed in or not
  | { kind: 'session' } // any person's session, even one still owing its second factor; keys have no session
  | { kind: 'self' } // a signed-in person acting on their own account, whatever their organizations; never a key
  | { kind: 'caller' } // any verified caller, person or key; answers only with what that caller can reach
  | { kind: 'member'; role: MemberRole | null; scope: ApiScope | null; peopleOnly: boolean }; // org A, by role or key scope

const PUBLIC: Rule = { kind: 'public' };
const SESSION: Rule = { kind: 'session' };
const SELF: Rule = { kind: 'self' };
const ANY_CALLER: Rule = { kind: 'caller' };
/** org A members from `role` up, and org A keys with `scope` or more (null: none of them). */
const need = (role: MemberRole | null, scope: ApiScope | null): Rule => ({ kind: 'member', role, scope, peopleOnly: false });
/** org A members from `role` up; every API key is refused before anything is looked up. */
const people = (role: MemberRole): Rule => ({ kind: 'member', role, scope: null, peopleOnly: true });

type Outcome = 'ok' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND';

function expected(rule: Rule, who: Identity): Outcome {
  if (rule.kind === 'public') return 'ok';
  if (who === 'anonymous') return 'UNAUTHORIZED';
  const scope = KEY_SCOPE[who];
  if (rule.kind === 'session') return scope ? 'UNAUTHORIZED' : 'ok';
  if (rule.kind === 'self') return scope ? 'FORBIDDEN' : 'ok';
  if (rule.kind === 'caller') return 'ok';
  if (scope && rule.peopleOnly) return 'FORBIDDEN';
  // another tenant's ids answer exactly like unknown ones
  if (who === 'outsider' || who === 'key:orgB') return 'NOT_FOUND';
  if (scope) return rule.scope && SCOPE_RANK[scope] >= SCOPE_RANK[rule.scope] ? 'ok' : 'FORBIDDEN';
  return rule.role && ROLE_RANK[who as MemberRole] >= ROLE_RANK[rule.role] ? 'ok' : 'FORBIDDEN';
}

/** Ids an input is built from: the roots (organization, product) and the records inside them. */
type Target = {
  organizationId: string;
  productId: string;
  itemId: string;
  otherItemId: string;
  commentId: string;
  entryId: string;
  linkId: string;
  labelId: string;
  apiKeyId: string;
  memberId: string;
  attachmentId: string;
  milestoneId: string;
  sprintId: string;
  fieldId: string;
  stateId: string;
  invitationId: string;
};
type Inputs = Target & {
  /** every state of product A, in their order (workflowStates.reorder names each once) */
  stateIds: string[];
  viewId: string;
  unique: string;
  code: string;
  handle: string;
  deviceCode: string;
  userCode: string;
  notificationId: string;
  releaseId: string;
  submissionId: string;
  productKey: string;
  publicNumber: number;
  token: string;
  deliveryId: string;
  webhookId: string;
};
type Who = { name: Identity; caller: ReturnType<typeof anonymousCaller>; userId: string | null; apiKeyId: string | null };
type Setup = (fx: Fixture, who: Who) => Promise<Partial<Inputs>>;
/** filters: ids the caller cannot see are left out of the answer (as unknown ones are), not refused. */
type Case = { rule: Rule; input: (t: Inputs) => unknown; setup?: Setup; label?: string; filters?: true };

const ref = (t: Inputs) => ({ productId: t.productId, ref: t.itemId });

// Per-call data, so that one identity's successful delete or edit never changes what the next one sees.
const freshItem: Setup = async (fx) => ({
  itemId: (await core.createItem(fx.ownerCtx, { productId: fx.a.productId, type: 'task', title: 'Fresh' })).id,
});
const freshEntry: Setup = async (fx) => ({
  entryId: (await core.addChecklistEntry(fx.ownerCtx, { productId: fx.a.productId, ref: fx.a.itemId, text: 'Fresh' })).id,
});
const freshLink: Setup = async (fx) => {
  const to = (await freshItem(fx, fx.anonymous)).itemId!;
  return { linkId: (await core.addLink(fx.ownerCtx, { productId: fx.a.productId, ref: fx.a.itemId, type: 'relates_to', to })).id };
};
const freshLabel: Setup = async (fx) => ({
  labelId: (await core.createLabel(fx.ownerCtx, { productId: fx.a.productId, name: `fresh-${uid()}` })).id,
});
const freshApiKey: Setup = async (fx) => ({
  apiKeyId: (await core.createApiKey(fx.ownerCtx, { organizationId: fx.a.organizationId, name: 'Fresh', role: 'agent', scopes: ['read'] }))
    .key.id,
});
const freshSprint: Setup = async (fx) => ({
  sprintId: (await core.createSprint(fx.ownerCtx, { productId: fx.a.productId, name: 'Fresh', startsAt: '2026-11-01', endsAt: '2026-11-14' })).id,
});
/** A product of org A of its own, so archiving it leaves the shared one alone. */
const freshProduct: Setup = async (fx) => ({ productId: (await buildProduct(db, fx.a.organizationId)).id });
/** A product key no other call uses. */
const freshKey = (t: Inputs) => `M${t.unique.toUpperCase().replace(/[^A-Z0-9]/g, '')}`.slice(0, 10);
const freshMember: Setup = async (fx) => ({ memberId: (await buildUser(db, fx.a.organizationId, 'developer')).id });
// a product has at most MAX_WORKFLOW_STATES states: past a few, a case reuses one a previous case made
const freshState: Setup = async (fx) => {
  const made = (await core.listStates(fx.ownerCtx, { productId: fx.a.productId })).filter((s) => s.name.startsWith('State '));
  if (made.length >= 10) return { stateId: made[0]!.id };
  return { stateId: (await core.createState(fx.ownerCtx, { productId: fx.a.productId, name: `State ${uid()}`, category: 'in_progress' })).id };
};
const allStates: Setup = async (fx) => ({ stateIds: (await core.listStates(fx.ownerCtx, { productId: fx.a.productId })).map((s) => s.id) });
const freshField: Setup = async (fx) => ({
  fieldId: (await core.createCustomField(fx.ownerCtx, { productId: fx.a.productId, key: `f_${uid()}`, name: 'Fresh', kind: 'text' })).id,
});
const inviteTo = async (fx: Fixture, email: string) => core.createInvitation(fx.ownerCtx, { organizationId: fx.a.organizationId, email, role: 'viewer' });
const freshInvitation: Setup = async (fx) => {
  const { invitation, token } = await inviteTo(fx, `invitee-${uid()}@example.test`);
  return { invitationId: invitation.id, token };
};
/**
 * An invitation for the caller's own email (people accept only their own), written directly: org A's members
 * could not be invited through createInvitation, and accepting leaves their role as it is.
 */
const invitationForCaller: Setup = async (fx, who) => {
  const email = who.userId ? (await db.user.findUniqueOrThrow({ where: { id: who.userId } })).email : `nobody-${uid()}@example.test`;
  const token = core.randomToken(32);
  await db.invitation.create({
    data: { organizationId: fx.a.organizationId, email, role: 'viewer', tokenHash: core.hashToken(token), invitedById: fx.ownerId, expiresAt: new Date(Date.now() + 3_600_000) },
  });
  return { token };
};
const commentBy = async (fx: Fixture, author: { userId: string | null; apiKeyId: string | null }) => {
  const [comment] = await db.$transaction([
    db.comment.create({
      data: { itemId: fx.a.itemId, body: 'A comment', authorUserId: author.userId, authorAgentId: author.apiKeyId },
      select: { id: true },
    }),
    db.item.update({ where: { id: fx.a.itemId }, data: { commentCount: { increment: 1 } } }),
  ]);
  return { commentId: comment.id };
};
/** A comment by the caller (anonymous callers get the owner's: they are refused before authorship matters). */
const ownComment: Setup = (fx, who) => commentBy(fx, who.userId || who.apiKeyId ? who : { userId: fx.ownerId, apiKeyId: null });
const othersComment: Setup = (fx) => commentBy(fx, { userId: fx.ownerId, apiKeyId: null });
const totpKey =
  (enabled: boolean): Setup =>
  async (_fx, who) => {
    if (!who.userId) return {};
    const key = randomBytes(20);
    await db.user.update({ where: { id: who.userId }, data: { totpKey: key, totpEnabledAt: enabled ? new Date() : null } });
    return { code: totp(key) };
  };
/** A device login waiting for approval: its secret (for polling) and the code a person approves. */
const freshDeviceLogin: Setup = async () => {
  const { deviceCode, userCode } = await core.startDeviceLogin(deps, { clientName: 'Matrix' });
  return { deviceCode, userCode };
};
/** A fresh item the caller holds a lease on (fencing token 1): written directly, so callers without write access hold one too. */
const ownClaim: Setup = async (fx, who) => {
  const { itemId } = await freshItem(fx, who);
  const holder = who.userId ? { holderUserId: who.userId } : who.apiKeyId ? { holderAgentId: who.apiKeyId } : { holderUserId: fx.ownerId };
  await db.$transaction([
    db.claim.create({ data: { itemId: itemId!, ...holder, fencingToken: 1, leaseExpiresAt: new Date(Date.now() + 600_000) } }),
    db.item.update({ where: { id: itemId! }, data: { fencingToken: 1, status: 'in_progress' } }),
  ]);
  return { itemId };
};
/** A fresh ready item only a takeNext filtered by its label can see, so taking it never disturbs the shared items. */
const freshReadyItem: Setup = async (fx) => {
  const label = `ready-${uid()}`;
  const item = await core.createItem(fx.ownerCtx, { productId: fx.a.productId, type: 'task', title: 'Ready', labels: [label] });
  return { itemId: item.id, unique: label };
};
/** A saved view owned by the caller (by the org A owner for callers without a person, who are refused first). */
const viewBy = async (fx: Fixture, ownerId: string, shared: boolean) =>
  ({ viewId: (await db.savedView.create({ data: { productId: fx.a.productId, ownerId, name: 'Matrix', query: 'is:open', shared } })).id });
const ownView: Setup = (fx, who) => viewBy(fx, who.userId ?? fx.ownerId, false);
const othersPrivateView: Setup = (fx) => viewBy(fx, fx.ownerId, false);
const othersSharedView: Setup = (fx) => viewBy(fx, fx.ownerId, true);
/** Nobody but its owner: members are refused, keys are refused before anything is looked up. */
const NOBODY_ELSE: Rule = { kind: 'member', role: null, scope: null, peopleOnly: true };
/** A time entry logged by the caller (callers without a person get the owner's: they are refused first). */
const ownTimeEntry: Setup = async (fx, who) => {
  const entry = await db.timeEntry.create({ data: { itemId: fx.a.itemId, userId: who.userId ?? fx.ownerId, minutes: 5 }, select: { id: true } });
  return { entryId: entry.id };
};
const attachmentBy = async (fx: Fixture, uploaderId: string | null) => {
  const row = await db.attachment.create({
    data: { itemId: fx.a.itemId, uploaderId, fileName: 'a.txt', contentType: 'text/plain', size: 1, storageKey: randomBytes(24).toString('hex') },
    select: { id: true },
  });
  return { attachmentId: row.id };
};
const ownAttachment: Setup = (fx, who) => attachmentBy(fx, who.userId ?? fx.ownerId);
const othersAttachment: Setup = (fx) => attachmentBy(fx, fx.ownerId);
/** An unread notification of the caller (anonymous callers and keys have none: they are refused first). */
const ownNotification: Setup = async (fx, who) => {
  const row = await db.notification.create({ data: { userId: who.userId ?? fx.ownerId, kind: 'mention', body: 'Matrix', itemId: fx.a.itemId }, select: { id: true } });
  return { notificationId: row.id };
};

const freshRelease: Setup = async (fx) => ({ releaseId: (await core.createRelease(fx.ownerCtx, { productId: fx.a.productId, name: `R ${uid()}` })).id });
/** Turns org A's public board on (idempotent) and names a public item on it. */
const publicBoard: Setup = async (fx) => {
  await db.product.update({ where: { id: fx.a.productId }, data: { publicSettings: { enabled: true, types: ['feature', 'bug', 'task'], voteLimit: 1000 } } });
  const item = await db.item.update({ where: { id: fx.a.otherItemId }, data: { visibility: 'public' }, select: { number: true } });
  const product = await db.product.findUniqueOrThrow({ where: { id: fx.a.productId }, select: { key: true } });
  return { productKey: product.key, publicNumber: item.number };
};
const withSolution: Setup = async (fx, who) => ({ ...(await publicBoard(fx, who)), code: solvedChallenge(deps) });
const freshVoter: Setup = async (fx, who) => ({ ...(await publicBoard(fx, who)), token: (await verifiedVoter(db)).token });
const freshSubmission: Setup = async (fx, who) => {
  const board = await publicBoard(fx, who);
  const email = `idea-${uid()}@example.test`;
  const { token } = await core.submitIdea(deps, { productKey: board.productKey!, name: 'Matrix', email, type: 'feature', title: 'An idea', solution: solvedChallenge(deps) });
  const submission = await db.submission.findFirstOrThrow({ where: { email }, select: { id: true } });
  return { ...board, token, submissionId: submission.id };
};
const freshVerification: Setup = async () => {
  const token = core.randomToken();
  await db.emailVerification.create({ data: { email: `verify-${uid()}@example.test`, tokenHash: core.hashToken(token), expiresAt: new Date(Date.now() + 600_000) } });
  return { token };
};
const freshUnsubscribe: Setup = async () => {
  const token = core.randomToken();
  await db.emailMessage.create({ data: { to: `unsub-${uid()}@example.test`, subject: 'S', text: 'T', kind: 'shipped', unsubscribeTokenHash: core.hashToken(token) } });
  return { token };
};
const otherSession: Setup = async (_fx, who) => {
  if (!who.userId) return {};
  const { token } = await core.createSession(deps, who.userId, { twoFactorVerified: true });
  return { handle: core.hashToken(token).slice(0, 16) };
};

/** Org A's product with GitHub set up (idempotent) and a stored ping delivery to replay. */
const storedDelivery: Setup = async (fx) => {
  const productId = fx.a.productId;
  await db.forgeIntegration.upsert({ where: { productId_forge: { productId, forge: 'github' } }, create: { productId, forge: 'github', secret: 'matrix-secret-0123456789', secretSetAt: new Date() }, update: {} });
  const row = await db.webhookDelivery.create({
    data: { productId, provider: 'github', deliveryId: uid(), event: 'ping', headers: {}, body: '{"zen":"Matrix"}', httpStatus: 200, result: 'pong' },
    select: { id: true },
  });
  return { deliveryId: row.id };
};

/** A webhook of org A's product to an address refused without the allowlist (no request leaves), with one delivery. */
const freshWebhook: Setup = async (fx) => {
  // the previous case's webhook goes first: a product has at most WEBHOOKS_PER_PRODUCT
  await db.webhookEndpoint.deleteMany({ where: { productId: fx.a.productId, url: 'http://127.0.0.1:9/matrix' } });
  const hook = await core.createWebhook(fx.ownerCtx, { productId: fx.a.productId, url: 'http://127.0.0.1:9/matrix', events: ['item.created'] });
  const row = await db.webhookOutDelivery.create({ data: { endpointId: hook.id, eventType: 'item.created', body: '{}' }, select: { id: true } });
  return { webhookId: hook.id, deliveryId: row.id };
};

const freshSlack: Setup = async (fx) => {
  await core.configureSlack(fx.ownerCtx, { productId: fx.a.productId, webhookUrl: 'http://127.0.0.1:9/slack', events: ['item.created'] });
  return {};
};

/** Who may call what. Reads: viewer / read scope; writes: developer / write; deletes and configuration: manager / admin. */
// prettier-ignore
const MATRIX: Record<string, Case | Case[]> = {
  'auth.signUp': { rule: PUBLIC, input: (t) => ({ email: `new-${t.unique}@example.test`, name: 'New', password: TEST_PASSWORD }) },
  'auth.logIn': { rule: PUBLIC, input: () => ({ email: fx.loginEmail, password: TEST_PASSWORD }) },
  'auth.logOut': { rule: SESSION, input: () => undefined },
  'auth.verifyMfa': { rule: SESSION, setup: totpKey(true), input: (t) => ({ code: t.code }) },
  'auth.session': { rule: PUBLIC, input: () => undefined },
  'auth.me': { rule: SELF, input: () => undefined },
  'auth.sessions': { rule: SELF, input: () => undefined },
  'auth.revokeSession': { rule: SELF, setup: otherSession, input: (t) => ({ id: t.handle }) },
  'auth.totp.begin': { rule: SELF, input: () => undefined },
  'auth.totp.confirm': { rule: SELF, setup: totpKey(false), input: (t) => ({ code: t.code }) },
  'auth.totp.disable': { rule: SELF, setup: totpKey(true), input: (t) => ({ code: t.code }) },

  'apiKeys.create': { rule: people('admin'), input: (t) => ({ organizationId: t.organizationId, name: 'Matrix', role: 'agent', scopes: ['read'] }) },
  'apiKeys.list': { rule: people('admin'), input: (t) => ({ organizationId: t.organizationId }) },
  'apiKeys.revoke': { rule: people('admin'), setup: freshApiKey, input: (t) => ({ id: t.apiKeyId }) },
  'apiKeys.rotate': { rule: people('admin'), setup: freshApiKey, input: (t) => ({ id: t.apiKeyId }) },

  'members.list': { rule: people('viewer'), input: (t) => ({ organizationId: t.organizationId }) },
  'members.setRole': { rule: people('admin'), setup: freshMember, input: (t) => ({ organizationId: t.organizationId, userId: t.memberId, role: 'viewer' }) },
  'members.remove': { rule: people('admin'), setup: freshMember, input: (t) => ({ organizationId: t.organizationId, userId: t.memberId }) },

  'products.list': { rule: ANY_CALLER, input: () => undefined },
  'products.get': { rule: need('viewer', 'read'), input: (t) => ({ productId: t.productId }) },
  'products.update': { rule: need('manager', 'admin'), input: (t) => ({ productId: t.productId, claimTtlSeconds: 900 }) },
  'products.checkKey': { rule: ANY_CALLER, input: (t) => ({ key: freshKey(t) }) },
  'products.create': { rule: people('admin'), input: (t) => ({ organizationId: t.organizationId, name: 'Matrix', key: freshKey(t) }) },
  'products.archive': { rule: people('admin'), setup: freshProduct, input: (t) => ({ productId: t.productId }) },
  'products.unarchive': { rule: people('admin'), setup: freshProduct, input: (t) => ({ productId: t.productId }) },
  'organizations.create': { rule: SELF, input: (t) => ({ name: 'Matrix', product: { name: 'Matrix', key: freshKey(t) } }) },

  'items.create': { rule: need('developer', 'write'), input: (t) => ({ productId: t.productId, type: 'bug', title: 'Created' }) },
  'items.get': { rule: need('viewer', 'read'), input: ref },
  'items.update': { rule: need('developer', 'write'), setup: freshItem, input: (t) => ({ ...ref(t), expectedVersion: 1, patch: { title: 'Renamed' } }) },
  'items.delete': { rule: need('manager', 'admin'), setup: freshItem, input: ref },
  'items.bulkUpdate': [
    { label: 'status', rule: need('developer', 'write'), setup: freshItem, input: (t) => ({ productId: t.productId, refs: [t.itemId], change: { status: 'in_progress' } }) },
    { label: 'delete', rule: need('manager', 'admin'), setup: freshItem, input: (t) => ({ productId: t.productId, refs: [t.itemId], change: { delete: true } }) },
  ],
  'items.list': { rule: need('viewer', 'read'), input: (t) => ({ productId: t.productId }) },
  'items.search': { rule: need('viewer', 'read'), input: (t) => ({ productId: t.productId, query: 'is:open' }) },
  'items.stats': { rule: need('viewer', 'read'), input: (t) => ({ productId: t.productId }) },
  'items.counts': { rule: need('viewer', 'read'), input: (t) => ({ productId: t.productId, query: 'is:open', groupBy: 'status' }) },
  'items.children': { rule: need('viewer', 'read'), input: ref },
  'items.activity': { rule: need('viewer', 'read'), input: ref },
  'items.setLabels': { rule: need('developer', 'write'), input: (t) => ({ ...ref(t), labels: ['matrix'] }) },
  'items.watch': { rule: people('viewer'), input: (t) => ({ ...ref(t), watching: true }) },
  'items.watchers': { rule: need('viewer', 'read'), input: ref },

  'items.comments.list': { rule: need('viewer', 'read'), input: ref },
  'items.comments.add': { rule: need('developer', 'write'), input: (t) => ({ ...ref(t), body: 'Hello' }) },
  'items.comments.edit': [
    { label: 'own comment', rule: need('developer', 'write'), setup: ownComment, input: (t) => ({ productId: t.productId, commentId: t.commentId, body: 'Edited' }) },
    { label: "someone else's", rule: need(null, null), setup: othersComment, input: (t) => ({ productId: t.productId, commentId: t.commentId, body: 'Edited' }) },
  ],
  'items.comments.delete': [
    { label: 'own comment', rule: need('developer', 'write'), setup: ownComment, input: (t) => ({ productId: t.productId, commentId: t.commentId }) },
    // moderation is a person's role; no key moderates
    { label: "someone else's", rule: need('manager', null), setup: othersComment, input: (t) => ({ productId: t.productId, commentId: t.commentId }) },
  ],

  'items.checklist.list': { rule: need('viewer', 'read'), input: ref },
  'items.checklist.add': { rule: need('developer', 'write'), input: (t) => ({ ...ref(t), text: 'Step' }) },
  'items.checklist.set': { rule: need('developer', 'write'), input: (t) => ({ ...ref(t), entryId: t.entryId, done: true }) },
  'items.checklist.remove': { rule: need('developer', 'write'), setup: freshEntry, input: (t) => ({ ...ref(t), entryId: t.entryId }) },
  'items.checklist.move': { rule: need('developer', 'write'), input: (t) => ({ ...ref(t), entryId: t.entryId, toIndex: 0 }) },

  // reactions are a person's; keys are refused before anything is looked up
  'items.reactions.list': { rule: need('viewer', 'read'), input: ref },
  'items.reactions.toggle': { rule: people('developer'), input: (t) => ({ productId: t.productId, commentId: t.commentId, emoji: '👍' }) },

  // a person's own inbox
  'notifications.list': { rule: SELF, input: () => ({}) },
  'notifications.unreadCount': { rule: SELF, input: () => undefined },
  'notifications.markRead': { rule: SELF, setup: ownNotification, input: (t) => ({ ids: [t.notificationId] }) },
  'notifications.markAllRead': { rule: SELF, input: () => undefined },
  'notifications.open': { rule: SELF, setup: ownNotification, input: (t) => ({ id: t.notificationId }) },
  // a subscription answers with its stream once the caller is known; call() closes it
  'notifications.unread': { rule: SELF, input: () => undefined },
  'notifications.preferences': { rule: SELF, input: () => undefined },
  'notifications.setPreferences': { rule: SELF, input: () => ({ email: true, mutedKinds: [] }) },

  // time is logged by people against their own name; the log is a read
  'timeEntries.add': { rule: people('developer'), input: (t) => ({ ...ref(t), minutes: 30, note: 'Matrix' }) },
  'timeEntries.list': { rule: need('viewer', 'read'), input: ref },
  'timeEntries.delete': { rule: people('developer'), setup: ownTimeEntry, input: (t) => ({ ...ref(t), entryId: t.entryId }) },

  // attachments: listing is a read; the uploader deletes their own, managers any (a key uploads as nobody)
  'attachments.list': { rule: need('viewer', 'read'), input: ref },
  'attachments.delete': [
    { label: 'own attachment', rule: need('developer', null), setup: ownAttachment, input: (t) => ({ productId: t.productId, attachmentId: t.attachmentId }) },
    { label: "someone else's", rule: need('manager', null), setup: othersAttachment, input: (t) => ({ productId: t.productId, attachmentId: t.attachmentId }) },
  ],

  'items.links.list': { rule: need('viewer', 'read'), input: ref },
  'items.links.add': { rule: need('developer', 'write'), input: (t) => ({ ...ref(t), type: 'relates_to', to: t.otherItemId }) },
  'items.links.remove': { rule: need('developer', 'write'), setup: freshLink, input: (t) => ({ ...ref(t), linkId: t.linkId }) },

  'labels.list': { rule: need('viewer', 'read'), input: (t) => ({ productId: t.productId }) },
  'labels.create': { rule: need('manager', 'admin'), input: (t) => ({ productId: t.productId, name: `label-${t.unique}` }) },
  'labels.update': { rule: need('manager', 'admin'), setup: freshLabel, input: (t) => ({ productId: t.productId, labelId: t.labelId, name: `renamed-${t.unique}`, color: '#123456' }) },
  'labels.delete': { rule: need('manager', 'admin'), setup: freshLabel, input: (t) => ({ productId: t.productId, labelId: t.labelId }) },

  'customFields.list': { rule: need('viewer', 'read'), input: (t) => ({ productId: t.productId }) },
  'customFields.create': { rule: need('manager', 'admin'), input: (t) => ({ productId: t.productId, key: `f_${t.unique}`, name: 'Matrix', kind: 'text' }) },
  'customFields.update': { rule: need('manager', 'admin'), setup: freshField, input: (t) => ({ productId: t.productId, fieldId: t.fieldId, name: 'Renamed' }) },
  'customFields.delete': { rule: need('manager', 'admin'), setup: freshField, input: (t) => ({ productId: t.productId, fieldId: t.fieldId }) },
  'workflowStates.list': { rule: need('viewer', 'read'), input: (t) => ({ productId: t.productId }) },
  'workflowStates.create': { rule: need('manager', 'admin'), input: (t) => ({ productId: t.productId, name: `S ${t.unique}`, category: 'open' }) },
  'workflowStates.rename': { rule: need('manager', 'admin'), setup: freshState, input: (t) => ({ productId: t.productId, stateId: t.stateId, name: `R ${t.unique}` }) },
  'workflowStates.reorder': { rule: need('manager', 'admin'), setup: allStates, input: (t) => ({ productId: t.productId, stateIds: t.stateIds }) },
  'workflowStates.delete': { rule: need('manager', 'admin'), setup: freshState, input: (t) => ({ productId: t.productId, stateId: t.stateId }) },

  // inviting is managing members; the link's holder previews it signed out, and accepts it as the invited person
  'invitations.create': { rule: people('admin'), input: (t) => ({ organizationId: t.organizationId, email: `invited-${t.unique}@example.test`, role: 'viewer' }) },
  'invitations.list': { rule: people('admin'), input: (t) => ({ organizationId: t.organizationId }) },
  'invitations.revoke': { rule: people('admin'), setup: freshInvitation, input: (t) => ({ organizationId: t.organizationId, invitationId: t.invitationId }) },
  'invitations.preview': { rule: PUBLIC, setup: freshInvitation, input: (t) => ({ token: t.token }) },
  'invitations.accept': { rule: SELF, setup: invitationForCaller, input: (t) => ({ token: t.token }) },

  // a subscription answers with its (unread) stream once access passed; call() closes it
  'events.items': { rule: need('viewer', 'read'), input: (t) => ({ productId: t.productId }) },
  'dashboard.get': { rule: need('viewer', 'read'), input: (t) => ({ productId: t.productId }) },

  // a device login is approved by a person for themselves; the device's side needs no credentials
  'device.start': { rule: PUBLIC, input: () => ({ clientName: 'Matrix' }) },
  'device.poll': { rule: PUBLIC, setup: freshDeviceLogin, input: (t) => ({ deviceCode: t.deviceCode }) },
  'device.lookup': { rule: SELF, setup: freshDeviceLogin, input: (t) => ({ userCode: t.userCode }) },
  'device.approve': { rule: SELF, setup: freshDeviceLogin, input: (t) => ({ userCode: t.userCode }) },
  'device.deny': { rule: SELF, setup: freshDeviceLogin, input: (t) => ({ userCode: t.userCode }) },

  // claiming, renewing and releasing a lease is a write; the history and the ready queue are reads
  'claims.claim': { rule: need('developer', 'write'), setup: freshItem, input: ref },
  'claims.heartbeat': { rule: need('developer', 'write'), setup: ownClaim, input: (t) => ({ ...ref(t), fencingToken: 1 }) },
  'claims.release': { rule: need('developer', 'write'), setup: ownClaim, input: (t) => ({ ...ref(t), fencingToken: 1, reason: 'Matrix' }) },
  'claims.history': { rule: need('viewer', 'read'), input: ref },
  'items.attempts': { rule: need('viewer', 'read'), input: ref },
  'claims.active': { rule: need('viewer', 'read'), filters: true, setup: ownClaim, input: (t) => ({ productId: t.productId, itemIds: [t.itemId] }) },
  'queue.ready': { rule: need('viewer', 'read'), input: (t) => ({ productId: t.productId }) },
  'queue.explain': { rule: need('viewer', 'read'), input: ref },
  'queue.takeNext': { rule: need('developer', 'write'), setup: freshReadyItem, input: (t) => ({ productId: t.productId, label: [t.unique] }) },

  // the agent API: polling, PR lists and context packs are reads; reports, status, PR links and progress are writes
  'agent.changed': { rule: need('viewer', 'read'), input: (t) => ({ productId: t.productId }) },
  'agent.report': { rule: need('developer', 'write'), input: (t) => ({ productId: t.productId, type: 'bug', title: 'Reported', metadata: { run: t.unique } }) },
  'agent.setStatus': { rule: need('developer', 'write'), setup: freshItem, input: (t) => ({ ...ref(t), status: 'in_progress', reason: 'Matrix' }) },
  'agent.linkPr': { rule: need('developer', 'write'), setup: freshItem, input: (t) => ({ ...ref(t), url: `https://git.example/pull/${t.unique}` }) },
  'agent.progress': { rule: need('developer', 'write'), setup: freshItem, input: (t) => ({ ...ref(t), percent: 50, stage: 'Matrix' }) },
  'agent.pullRequests': { rule: need('viewer', 'read'), input: ref },
  'agent.context': { rule: need('viewer', 'read'), input: (t) => ({ ...ref(t), budget: 2_000 }) },

  // saved views are people's: anyone who reads the product keeps their own; sharing is a write; a shared view
  // is edited by its owner or a manager; someone else's private view by nobody
  'savedViews.list': { rule: people('viewer'), input: (t) => ({ productId: t.productId }) },
  'savedViews.create': [
    { label: 'private', rule: people('viewer'), input: (t) => ({ productId: t.productId, name: 'Mine', query: 'assignee:me' }) },
    { label: 'shared', rule: people('developer'), input: (t) => ({ productId: t.productId, name: 'Team', query: 'is:open', shared: true }) },
  ],
  'savedViews.update': [
    { label: 'own view', rule: people('viewer'), setup: ownView, input: (t) => ({ productId: t.productId, id: t.viewId, patch: { pinned: true } }) },
    { label: 'own view, sharing it', rule: people('developer'), setup: ownView, input: (t) => ({ productId: t.productId, id: t.viewId, patch: { shared: true } }) },
    { label: "someone else's shared", rule: people('manager'), setup: othersSharedView, input: (t) => ({ productId: t.productId, id: t.viewId, patch: { name: 'Renamed' } }) },
    { label: "someone else's private", rule: NOBODY_ELSE, setup: othersPrivateView, input: (t) => ({ productId: t.productId, id: t.viewId, patch: { name: 'Renamed' } }) },
  ],
  'savedViews.delete': [
    { label: 'own view', rule: people('viewer'), setup: ownView, input: (t) => ({ productId: t.productId, id: t.viewId }) },
    { label: "someone else's shared", rule: people('manager'), setup: othersSharedView, input: (t) => ({ productId: t.productId, id: t.viewId }) },
    { label: "someone else's private", rule: NOBODY_ELSE, setup: othersPrivateView, input: (t) => ({ productId: t.productId, id: t.viewId }) },
  ],
  // planning: members read; managers (admin-scoped keys) create, edit and close
  'milestones.list': { rule: need('viewer', 'read'), input: (t) => ({ productId: t.productId }) },
  'milestones.get': { rule: need('viewer', 'read'), input: (t) => ({ productId: t.productId, id: t.milestoneId }) },
  'milestones.create': { rule: need('manager', 'admin'), input: (t) => ({ productId: t.productId, name: `M ${t.unique}`, targetDate: '2026-12-01' }) },
  'milestones.update': { rule: need('manager', 'admin'), input: (t) => ({ productId: t.productId, id: t.milestoneId, patch: { description: t.unique } }) },
  'sprints.list': { rule: need('viewer', 'read'), input: (t) => ({ productId: t.productId }) },
  'sprints.get': { rule: need('viewer', 'read'), input: (t) => ({ productId: t.productId, id: t.sprintId }) },
  'sprints.items': { rule: need('viewer', 'read'), input: (t) => ({ productId: t.productId, sprintId: t.sprintId }) },
  'sprints.velocity': { rule: need('viewer', 'read'), input: (t) => ({ productId: t.productId }) },
  'sprints.create': { rule: need('manager', 'admin'), input: (t) => ({ productId: t.productId, name: 'Matrix', startsAt: '2026-11-01', endsAt: '2026-11-14', capacity: 10 }) },
  'sprints.update': { rule: need('manager', 'admin'), input: (t) => ({ productId: t.productId, id: t.sprintId, patch: { goal: t.unique } }) },
  'sprints.close': { rule: need('manager', 'admin'), setup: freshSprint, input: (t) => ({ productId: t.productId, id: t.sprintId, rollOver: { to: 'backlog' } }) },

  // releases: members read; managers and admin keys write and publish
  'releases.list': { rule: need('viewer', 'read'), input: (t) => ({ productId: t.productId }) },
  'releases.get': { rule: need('viewer', 'read'), setup: freshRelease, input: (t) => ({ id: t.releaseId }) },
  'releases.draftNotes': { rule: need('viewer', 'read'), input: (t) => ({ productId: t.productId }) },
  'releases.create': { rule: need('manager', 'admin'), input: (t) => ({ productId: t.productId, name: `Release ${t.unique}` }) },
  'releases.update': { rule: need('manager', 'admin'), setup: freshRelease, input: (t) => ({ id: t.releaseId, notes: 'Updated' }) },
  'releases.publish': { rule: need('manager', 'admin'), setup: freshRelease, input: (t) => ({ id: t.releaseId }) },

  // the public roadmap needs no credentials (its limits are per IP and email, tested over HTTP)
  'public.boards': { rule: PUBLIC, input: () => undefined },
  'public.board': { rule: PUBLIC, setup: publicBoard, input: (t) => ({ productKey: t.productKey }) },
  'public.list': { rule: PUBLIC, setup: publicBoard, input: (t) => ({ productKey: t.productKey }) },
  'public.item': { rule: PUBLIC, setup: publicBoard, input: (t) => ({ productKey: t.productKey, ref: t.publicNumber }) },
  'public.similar': { rule: PUBLIC, setup: publicBoard, input: (t) => ({ productKey: t.productKey, text: 'Other things' }) },
  'public.challenge': { rule: PUBLIC, input: () => undefined },
  'public.submit': { rule: PUBLIC, setup: withSolution, input: (t) => ({ productKey: t.productKey, name: 'Matrix', email: `m-${t.unique}@example.test`, type: 'feature', title: 'Matrix idea', solution: t.code }) },
  'public.vote': { rule: PUBLIC, setup: freshVoter, input: (t) => ({ productKey: t.productKey, ref: t.publicNumber, voterToken: t.token }) },
  'public.unvote': { rule: PUBLIC, setup: freshVoter, input: (t) => ({ productKey: t.productKey, ref: t.publicNumber, voterToken: t.token }) },
  'public.verifyEmail': { rule: PUBLIC, setup: freshVerification, input: (t) => ({ token: t.token }) },
  'public.unsubscribe': { rule: PUBLIC, setup: freshUnsubscribe, input: (t) => ({ token: t.token }) },
  'public.submission': { rule: PUBLIC, setup: freshSubmission, input: (t) => ({ token: t.token }) },
  'public.changelog': { rule: PUBLIC, setup: publicBoard, input: (t) => ({ productKey: t.productKey }) },

  // the triage inbox: members read; developers and write keys decide
  'triage.list': { rule: need('viewer', 'read'), input: (t) => ({ productId: t.productId }) },
  'triage.accept': { rule: need('developer', 'write'), setup: freshSubmission, input: (t) => ({ productId: t.productId, submissionId: t.submissionId }) },
  'triage.merge': { rule: need('developer', 'write'), setup: freshSubmission, input: (t) => ({ productId: t.productId, submissionId: t.submissionId, into: t.itemId }) },
  'triage.setPublicStatus': { rule: need('developer', 'write'), setup: freshItem, input: (t) => ({ ...ref(t), publicStatus: 'planned' }) },
  'triage.decline': { rule: need('developer', 'write'), setup: freshSubmission, input: (t) => ({ productId: t.productId, submissionId: t.submissionId, publicReason: 'No' }) },
  'integrations.github.get': { rule: need('manager', 'admin'), input: (t) => ({ productId: t.productId }) },
  'integrations.github.configure': { rule: need('manager', 'admin'), input: (t) => ({ productId: t.productId, secret: 'matrix-secret-0123456789', releaseBranches: ['release'] }) },
  'integrations.gitea.get': { rule: need('manager', 'admin'), input: (t) => ({ productId: t.productId }) },
  'integrations.gitea.configure': { rule: need('manager', 'admin'), input: (t) => ({ productId: t.productId, secret: 'matrix-secret-0123456789', releaseBranches: ['release'] }) },
  'integrations.gitlab.get': { rule: need('manager', 'admin'), input: (t) => ({ productId: t.productId }) },
  'integrations.gitlab.configure': { rule: need('manager', 'admin'), input: (t) => ({ productId: t.productId, secret: 'matrix-secret-0123456789', releaseBranches: ['release'] }) },
  'integrations.deliveries': { rule: need('manager', 'admin'), input: (t) => ({ productId: t.productId }) },
  'integrations.replay': { rule: need('manager', 'admin'), setup: storedDelivery, input: (t) => ({ productId: t.productId, deliveryId: t.deliveryId }) },
  'integrations.problems': { rule: need('manager', 'admin'), input: (t) => ({ productId: t.productId }) },
  'integrations.slack.get': { rule: need('manager', 'admin'), input: (t) => ({ productId: t.productId }) },
  'integrations.slack.configure': { rule: need('manager', 'admin'), input: (t) => ({ productId: t.productId, signingSecret: 'matrix-signing-secret-0123456789', responseType: 'in_channel' }) },
  'integrations.slack.deliveries': { rule: need('manager', 'admin'), setup: freshSlack, input: (t) => ({ productId: t.productId }) },
  'integrations.slack.test': { rule: need('manager', 'admin'), setup: freshSlack, input: (t) => ({ productId: t.productId }) },
  'webhooks.create': { rule: need('manager', 'admin'), input: (t) => ({ productId: t.productId, url: 'https://hooks.example.test/baton', events: ['item.created'] }) },
  'webhooks.list': { rule: need('manager', 'admin'), input: (t) => ({ productId: t.productId }) },
  'webhooks.update': { rule: need('manager', 'admin'), setup: freshWebhook, input: (t) => ({ productId: t.productId, id: t.webhookId, events: ['item.updated'] }) },
  'webhooks.delete': { rule: need('manager', 'admin'), setup: freshWebhook, input: (t) => ({ productId: t.productId, id: t.webhookId }) },
  'webhooks.deliveries': { rule: need('manager', 'admin'), setup: freshWebhook, input: (t) => ({ productId: t.productId, id: t.webhookId }) },
  'webhooks.redeliver': { rule: need('manager', 'admin'), setup: freshWebhook, input: (t) => ({ productId: t.productId, deliveryId: t.deliveryId }) },
  'webhooks.test': { rule: need('manager', 'admin'), setup: freshWebhook, input: (t) => ({ productId: t.productId, id: t.webhookId }) },
  'imports.preview': { rule: need('manager', 'admin'), input: (t) => ({ productId: t.productId, format: 'csv', content: `Title\nImported ${t.unique}\n` }) },
  'imports.run': { rule: need('manager', 'admin'), input: (t) => ({ productId: t.productId, format: 'csv', content: `Id,Title\n${t.unique},Imported ${t.unique}\n` }) },
  'imports.origin': { rule: need('viewer', 'read'), input: (t) => ref(t) },
  'roadmapSettings.get': { rule: need('viewer', 'read'), input: (t) => ({ productId: t.productId }) },
  'roadmapSettings.update': { rule: need('manager', 'admin'), input: (t) => ({ productId: t.productId, voteLimit: 1000 }) },
  'emailInSettings.get': { rule: need('manager', 'admin'), input: (t) => ({ productId: t.productId }) },
  'emailInSettings.update': { rule: need('manager', 'admin'), input: (t) => ({ productId: t.productId, allowlist: ['@example.com'] }) },
};

const PROCEDURES = Object.keys(appRouter._def.procedures).sort();
const casesOf = (path: string) => [MATRIX[path] ?? []].flat();
const nameOf = (path: string, c: Case) => (c.label ? `${path} (${c.label})` : path);

// ---------------------------------------------------------------------------------------------------------------

const uid = () => randomUUID().slice(0, 8);

/** RFC 6238 with core's parameters (SHA-1, 30 s, 6 digits), written out so the test does not share core's code. */
function totp(key: Buffer, at = Date.now()): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000)));
  const h = createHmac('sha1', key).update(counter).digest();
  const offset = h[19]! & 15;
  return String((h.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

type Fixture = Awaited<ReturnType<typeof buildFixture>>;
let fx: Fixture;

async function buildFixture() {
  const a = await buildOrg(db);
  const b = await buildOrg(db);
  const owner = await buildUser(db, a.org.id, 'owner');
  const ownerB = await buildUser(db, b.org.id, 'owner');
  const login = await buildUser(db, a.org.id, 'developer');
  const asUser = (u: { id: string; name: string; email: string }): Ctx => ({
    ...deps,
    principal: { kind: 'user', userId: u.id, name: u.name, email: u.email, sessionId: null },
  });
  const ownerCtx = asUser(owner);

  const item = await core.createItem(ownerCtx, {
    productId: a.product.id,
    type: 'bug',
    title: 'Target',
    checklist: ['First step'],
    labels: ['seed'],
  });
  const other = await core.createItem(ownerCtx, { productId: a.product.id, type: 'task', title: 'Other' });
  const comment = await core.addComment(ownerCtx, { productId: a.product.id, ref: item.id, body: 'Seed comment' });
  const [entry] = await core.listChecklist(ownerCtx, { productId: a.product.id, ref: item.id });
  const link = await core.addLink(ownerCtx, { productId: a.product.id, ref: item.id, type: 'blocks', to: other.id });
  const label = await core.createLabel(ownerCtx, { productId: a.product.id, name: 'configured' });
  const milestone = await core.createMilestone(ownerCtx, { productId: a.product.id, name: 'Matrix milestone' });
  const sprint = await core.createSprint(ownerCtx, { productId: a.product.id, name: 'Matrix sprint', startsAt: '2026-11-01', endsAt: '2026-11-14' });
  const field = await core.createCustomField(ownerCtx, { productId: a.product.id, key: 'configured', name: 'Configured', kind: 'text' });
  const invitation = await core.createInvitation(ownerCtx, { organizationId: a.org.id, email: `pending-${uid()}@example.test`, role: 'viewer' });

  const keyOf = async (ctx: Ctx, organizationId: string, scope: ApiScope) => {
    const { secret } = await core.createApiKey(ctx, { organizationId, name: `Key ${scope}`, role: 'agent', scopes: [scope] });
    return (await core.authenticateApiKey(deps, secret, '127.0.0.1')) as Extract<Principal, { kind: 'agent' }>;
  };
  const keys: Partial<Record<Identity, Extract<Principal, { kind: 'agent' }>>> = {
    'key:read': await keyOf(ownerCtx, a.org.id, 'read'),
    'key:write': await keyOf(ownerCtx, a.org.id, 'write'),
    'key:admin': await keyOf(ownerCtx, a.org.id, 'admin'),
    'key:orgB': await keyOf(asUser(ownerB), b.org.id, 'admin'),
  };

  const target: Target = {
    organizationId: a.org.id,
    productId: a.product.id,
    itemId: item.id,
    otherItemId: other.id,
    commentId: comment.id,
    entryId: entry!.id,
    linkId: link.id,
    labelId: label.id,
    apiKeyId: keys['key:read']!.apiKeyId,
    memberId: login.id,
    attachmentId: (
      await db.attachment.create({
        data: { itemId: item.id, uploaderId: owner.id, fileName: 'seed.txt', contentType: 'text/plain', size: 1, storageKey: randomBytes(24).toString('hex') },
      })
    ).id,
    milestoneId: milestone.id,
    sprintId: sprint.id,
    fieldId: field.id,
    stateId: (await core.createState(ownerCtx, { productId: a.product.id, name: 'Matrix state', category: 'done' })).id,
    invitationId: invitation.invitation.id,
  };
  const anonymous: Who = { name: 'anonymous', caller: anonymousCaller(deps), userId: null, apiKeyId: null };

  /** A caller for `name`; people are fresh users per call, so self-service changes (MFA, log-out) never carry over. */
  async function as(name: Identity): Promise<Who> {
    if (name === 'anonymous') return anonymous;
    const key = keys[name];
    if (key) return { name, caller: callerAsAgent(deps, key), userId: null, apiKeyId: key.apiKeyId };
    const user = name === 'outsider' ? await buildUser(db, b.org.id, 'owner') : await buildUser(db, a.org.id, name as MemberRole);
    return { name, caller: (await callerAsUser(deps, user)).caller, userId: user.id, apiKeyId: null };
  }

  return {
    a: target,
    b: { organizationId: b.org.id, productId: b.product.id },
    ownerId: owner.id,
    ownerCtx,
    loginEmail: login.email,
    anonymous,
    as,
  };
}

beforeAll(async () => {
  fx = await buildFixture();
});

async function call(who: Who, path: string, input: unknown): Promise<{ code: string; message: string }> {
  type Node = Record<string, unknown>;
  const fn = path.split('.').reduce<Node>((node, k) => node[k] as Node, who.caller as unknown as Node) as unknown as (
    i: unknown,
  ) => Promise<unknown>;
  try {
    const result = await fn(input);
    // a subscription's stream holds a bus listener until closed
    if (result && typeof result === 'object' && Symbol.asyncIterator in result) await (result as AsyncIterableIterator<unknown>).return?.();
    return { code: 'ok', message: '' };
  } catch (e) {
    return { code: String((e as { code?: unknown }).code ?? 'THROWN'), message: (e as Error).message };
  }
}

async function inputsFor(c: Case, who: Who): Promise<Inputs> {
  const base: Inputs = {
    ...fx.a,
    stateIds: [],
    viewId: 'none',
    unique: uid(),
    code: '000000',
    handle: '0123456789abcdef',
    deviceCode: 'a'.repeat(32),
    userCode: 'BBBB-BBBB',
    notificationId: 'none',
    releaseId: 'missing-release',
    submissionId: 'missing-submission',
    productKey: 'NOPE',
    publicNumber: 0,
    token: 'a'.repeat(52),
    deliveryId: 'missing-delivery',
    webhookId: 'missing-webhook',
  };
  return { ...base, ...(await c.setup?.(fx, who)) };
}

describe('authorization matrix', () => {
  it('declares every procedure of appRouter, and nothing else', () => {
    expect(PROCEDURES.length).toBeGreaterThan(30);
    expect(PROCEDURES.filter((p) => !MATRIX[p])).toEqual([]);
    expect(Object.keys(MATRIX).filter((p) => !PROCEDURES.includes(p))).toEqual([]);
  });

  describe.each(PROCEDURES)('%s', (path) => {
    it('answers every identity as declared', async () => {
      expect(casesOf(path), `${path} has no entry in MATRIX: declare its minimum role and scope`).not.toEqual([]);
      const wrong: string[] = [];
      for (const c of casesOf(path)) {
        for (const name of IDENTITIES) {
          const who = await fx.as(name);
          const got = await call(who, path, c.input(await inputsFor(c, who)));
          const want = expected(c.rule, name);
          if (got.code !== want)
            wrong.push(`${nameOf(path, c)} as ${name}: expected ${want}, got ${got.code}${got.message && ` (${got.message})`}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  });
});

describe('no existence leak across organizations', () => {
  const scoped = PROCEDURES.flatMap((path) =>
    casesOf(path)
      .filter((c) => c.rule.kind === 'member')
      .map((c) => [nameOf(path, c), path, c] as const),
  );
  const randomIds = (): Target => ({
    organizationId: randomUUID(),
    productId: randomUUID(),
    itemId: randomUUID(),
    otherItemId: randomUUID(),
    commentId: randomUUID(),
    entryId: randomUUID(),
    linkId: randomUUID(),
    labelId: randomUUID(),
    apiKeyId: randomUUID(),
    memberId: randomUUID(),
    attachmentId: randomUUID(),
    milestoneId: randomUUID(),
    sprintId: randomUUID(),
    fieldId: randomUUID(),
    stateId: randomUUID(),
    invitationId: randomUUID(),
  });

  it.each(scoped)("%s answers org B's callers for org A's ids exactly as for unknown ids", async (_name, path, c) => {
    for (const name of ['outsider', 'key:orgB'] as const) {
      const who = await fx.as(name);
      const t = await inputsFor(c, who);
      const unknown = { ...t, ...randomIds() };
      const forA = await call(who, path, c.input(t));
      expect(forA, `${path} as ${name} with org A's ids`).toEqual(await call(who, path, c.input(unknown)));
      expect(forA.code).toBe(expected(c.rule, name));

      // inside their own product, org A's records still look like missing ones
      const inB = { ...t, ...fx.b };
      if (JSON.stringify(c.input(inB)) === JSON.stringify(c.input({ ...unknown, ...fx.b }))) continue;
      const own = await call(who, path, c.input(inB));
      expect(own, `${path} as ${name} in org B's product with org A's records`).toEqual(
        await call(who, path, c.input({ ...unknown, ...fx.b })),
      );
      if (!c.filters) expect(own.code).not.toBe('ok');
    }
  });

  it("lists none of org A's products to org B's callers", async () => {
    for (const name of ['outsider', 'key:orgB'] as const) {
      const { caller } = await fx.as(name);
      expect(
        (await caller.products.list()).map((p) => p.id),
        name,
      ).toEqual([fx.b.productId]);
    }
  });

  it("refuses org A's people and items as references from org B, like unknown ids", async () => {
    const outsider = await fx.as('outsider');
    const mine = await outsider.caller.items.create({ productId: fx.b.productId, type: 'task', title: 'Mine' });
    const member = await buildUser(db, fx.a.organizationId, 'developer');
    const attempts: [path: string, foreignId: string, input: (id: string) => unknown][] = [
      ['items.links.add', fx.a.itemId, (id) => ({ productId: fx.b.productId, ref: mine.id, type: 'relates_to', to: id })],
      ['items.create', fx.a.itemId, (id) => ({ productId: fx.b.productId, type: 'task', title: 'Child', parentId: id })],
      [
        'items.update',
        member.id,
        (id) => ({ productId: fx.b.productId, ref: mine.id, expectedVersion: mine.version, patch: { assigneeUserId: id } }),
      ],
    ];
    for (const [path, foreignId, input] of attempts) {
      const withForeign = await call(outsider, path, input(foreignId));
      expect(withForeign.code, path).not.toBe('ok');
      expect(withForeign, path).toEqual(await call(outsider, path, input(randomUUID())));
    }
  });
});
