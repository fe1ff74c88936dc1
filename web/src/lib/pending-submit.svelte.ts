import type { SubmitFunction } from '@sveltejs/kit';

/**
 * A form's in-flight state for `use:enhance`: `pending` is true from submit until the result is applied, so the
 * buttons can be disabled against double submits. `keepValues` leaves typed input in place after a failed submit.
 */
export function pendingSubmit(opts: { keepValues?: boolean } = {}) {
  let pending = $state(false);
  const submit: SubmitFunction = () => {
    pending = true;
    return async ({ update }) => {
      await update(opts.keepValues ? { reset: false } : undefined);
      pending = false;
    };
  };
  return {
    get pending() {
      return pending;
    },
    submit,
  };
}

/** For `use:enhance` on forms whose input should stay as typed after the submit (the page's data refreshes). */
export const keepValues: SubmitFunction = () => async ({ update }) => update({ reset: false });
