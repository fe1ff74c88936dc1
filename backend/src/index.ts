export { createApp, type AppDeps } from './app.ts';
export { readEnv, type Env } from './env.ts';
export { compileTrustProxy, TRUST_LOOPBACK, type TrustProxy } from './client-address.ts';
export { createLogger, redact, type Logger } from './logger.ts';
export { createRateLimiter } from './rate-limit.ts';
export { startServer, type RunningServer } from './server.ts';
export { folderTransport, smtpTransport } from './email-transport.ts';
