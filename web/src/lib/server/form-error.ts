import { errorOf, TRPCClientError } from '@baton/client';
import { fail, type ActionFailure } from '@sveltejs/kit';

/** What a form shows: one message on top, and field issues next to their fields. */
export type FormError = { message: string; fields: Record<string, string> };

/**
 * Turns a failed call into a 4xx form failure carrying the domain error (errorOf). Transport failures and
 * unexpected errors are rethrown: they are 500s for handleError, not something the user can fix.
 */
export function formFailure<T extends Record<string, unknown>>(e: unknown, values: T): ActionFailure<T & { error: FormError }> {
  const err = errorOf(e);
  if (!err) throw e;
  const fields: Record<string, string> = {};
  const issues = Array.isArray(err.details?.issues) ? (err.details.issues as { path?: unknown; message?: unknown }[]) : [];
  for (const issue of issues) {
    const path = Array.isArray(issue.path) ? issue.path.map(String) : [];
    if (!path[0] || typeof issue.message !== 'string') continue;
    fields[path[0]] ??= issue.message;
    // nested fields are also reachable by their whole path (customFields.tier) and by their own name
    // (rollOver.sprint.endsAt is the sprint form's endsAt)
    if (path.length > 1) {
      fields[path.join('.')] ??= issue.message;
      fields[path.at(-1)!] ??= issue.message;
    }
  }
  // zod's summary repeats the field issues ("email: must be ..."); the fields say it better
  const message = err.code === 'BAD_INPUT' && Object.keys(fields).length ? 'Check the highlighted fields.' : err.message;
  const status = e instanceof TRPCClientError ? Number((e.data as { httpStatus?: number } | undefined)?.httpStatus) : NaN;
  return fail(status >= 400 && status < 500 ? status : 400, { ...values, error: { message, fields } });
}

/** A form field as a string ('' when missing or a file). */
export function text(data: FormData, name: string): string {
  const v = data.get(name);
  return typeof v === 'string' ? v : '';
}

/** Where to go after signing in: only a local path, never another origin (`//evil`, `/\evil`). */
export function safeNext(url: URL): string {
  const next = url.searchParams.get('next');
  return next && /^\/(?![/\\])/.test(next) ? next : '/';
}
