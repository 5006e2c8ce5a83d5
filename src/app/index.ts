export * from './app-types.js';
export { openApp, DEFAULT_SAMPLES_DIR, type AppOptions } from './open-app.js';
