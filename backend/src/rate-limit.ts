// the limiter lives in core so the public router's per-IP and per-email limits share it
export { createRateLimiter } from '@baton/core';
