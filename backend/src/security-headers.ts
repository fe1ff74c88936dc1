import helmet from 'helmet';

/** The API and health checks: nothing may load or frame them (a strict CSP, no framing). */
export const strictHeaders = () => helmet({ contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } });
/** The web app sets its own CSP with per-response nonces (web/svelte.config.js); the other headers come from here. */
export const pageHeaders = () => helmet({ contentSecurityPolicy: false });
/**
 * The roadmap widget and status badges are made to be shown on other sites: framing and cross-origin loading are
 * allowed there only (the widget's CSP names frame-ancestors itself, in web/src/hooks.server.ts).
 */
export const embeddableHeaders = () => helmet({ contentSecurityPolicy: false, xFrameOptions: false, crossOriginResourcePolicy: { policy: 'cross-origin' } });
