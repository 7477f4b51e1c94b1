export { createAdminServer } from './admin-server.js';
export type { AdminPlugin } from './admin-server.js';
export { createRequireAdmin, matchAdminToken } from './admin-auth.js';
export { flagsAdminRoutes } from './flags-routes.js';
export { dashboardRoutes, SESSION_COOKIE } from './dashboard/dashboard-routes.js';
export type { ReadinessCheck } from './readiness.js';
