import type { RequestEvent } from '@sveltejs/kit';
import { formFailure } from './form-error';

/**
 * A form action in one line per concern: `echo` names what a failed submit sends back to the form (its values,
 * which form it was), `run` reads the form and calls the API. A domain failure (BAD_INPUT, CONFLICT, FORBIDDEN...)
 * becomes a 4xx `fail(...)` carrying `echo`'s values and the error (formFailure); anything else, SvelteKit's own
 * redirect() and error() included, is rethrown untouched.
 */
export function formAction<E extends RequestEvent, V extends Record<string, unknown>, R>(
  echo: (data: FormData) => V,
  run: (data: FormData, event: E) => Promise<R>,
) {
  return async (event: E) => {
    const data = await event.request.formData();
    try {
      return await run(data, event);
    } catch (e) {
      return formFailure(e, echo(data));
    }
  };
}
