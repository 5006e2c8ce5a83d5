// The HTTP server's public surface, for the CLI's `readout serve`.
export { createHttpApp, defaultWebRoot, startServer, DEFAULT_HOST, DEFAULT_PORT } from './create-server.js';
export type { HttpAppOptions, RunningServer, StartServerOptions } from './create-server.js';
