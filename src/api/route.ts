/**
 * `handle.route`: routes (`ip route ...`).
 *
 *   await h.route.add({ dst: '10.1.0.0/16', via: '10.0.0.254' });
 *   await h.route.add({ dst: 'default', dev: 'veth1', table: 100, metric: 10 });
 *   await h.route.add({ dst: '192.0.2.0/24', type: 'blackhole' });
 *
 * The options are in route/options.ts, the encapsulations in route/encap.ts, the verbs in
 * route/api.ts.
 */
export * from './route/options.js';
export { RouteApi, tableId } from './route/api.js';
export { encapOptions } from './route/encap.js';
