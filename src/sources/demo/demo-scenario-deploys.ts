/**
 * The demo's deploy history over the last five days, as data. Times are offsets from T0 in
 * milliseconds. It holds the bad checkout release and its predecessor, a failed deploy, one to
 * staging, and decoys near the other services' trouble so correlation has something to reject.
 */
import type {DeployStatus} from '../../domain/deploy.ts';
import {CHECKOUT_DEPLOY_OFFSET_MS, DAY, HOUR, MINUTE} from './demo-scenario.ts';

/** One deploy of the demo history. */
export interface DemoDeploySpec {
  id: string;
  service: string;
  version: string;
  environment: string;
  status: DeployStatus;
  startedOffsetMs: number;
  author: string;
}

/** The bad checkout release; the demo's rollback target is {@link CHECKOUT_GOOD_VERSION}. */
export const CHECKOUT_BAD_VERSION = 'v2.14.0';
/** The last good checkout release, two days before the bad one. */
export const CHECKOUT_GOOD_VERSION = 'v2.13.2';
/** Id of the bad checkout deploy: a rollback from it names this id in `rollbackOf`. */
export const CHECKOUT_BAD_DEPLOY_ID = 'demo-deploy-1187';

/** Where the demo CI shows a deploy or a run. */
export function demoCiUrl(service: string, kind: 'deploys' | 'rollbacks', id: string): string {
  return `https://ci.example.com/${service}/${kind}/${id}`;
}

/** The demo deploy history, newest first. */
export const DEMO_DEPLOYS: readonly DemoDeploySpec[] = [
  // The cause of the page: 5xx from this moment on.
  {id: CHECKOUT_BAD_DEPLOY_ID, service: 'checkout', version: CHECKOUT_BAD_VERSION, environment: 'production', status: 'success', startedOffsetMs: CHECKOUT_DEPLOY_OFFSET_MS, author: 'storefront-dev'},
  // Staging only: must not be blamed for production alerts.
  {id: 'demo-deploy-1186', service: 'search', version: '7f3a9c1', environment: 'staging', status: 'success', startedOffsetMs: -40 * MINUTE, author: 'search-dev'},
  {id: 'demo-deploy-1185', service: 'checkout', version: CHECKOUT_BAD_VERSION, environment: 'staging', status: 'success', startedOffsetMs: -3 * HOUR, author: 'storefront-dev'},
  {id: 'demo-deploy-1184', service: 'payments', version: 'v5.8.1', environment: 'production', status: 'success', startedOffsetMs: -4 * HOUR, author: 'payments-dev'},
  // Failed, so the running inventory version is still v1.21.4.
  {id: 'demo-deploy-1183', service: 'inventory', version: 'v1.22.0', environment: 'production', status: 'failure', startedOffsetMs: -7 * HOUR, author: 'fulfilment-dev'},
  {id: 'demo-deploy-1182', service: 'auth', version: 'v3.4.0', environment: 'production', status: 'success', startedOffsetMs: -26 * HOUR, author: 'identity-dev'},
  {id: 'demo-deploy-1181', service: 'checkout', version: CHECKOUT_GOOD_VERSION, environment: 'production', status: 'success', startedOffsetMs: CHECKOUT_DEPLOY_OFFSET_MS - 2 * DAY, author: 'storefront-dev'},
  {id: 'demo-deploy-1180', service: 'inventory', version: 'v1.21.4', environment: 'production', status: 'success', startedOffsetMs: -2 * DAY - 8 * HOUR, author: 'fulfilment-dev'},
  {id: 'demo-deploy-1179', service: 'search', version: 'v4.2.0', environment: 'production', status: 'success', startedOffsetMs: -3 * DAY, author: 'search-dev'},
  {id: 'demo-deploy-1178', service: 'payments', version: 'v5.8.0', environment: 'production', status: 'success', startedOffsetMs: -4 * DAY, author: 'payments-dev'},
  {id: 'demo-deploy-1177', service: 'checkout', version: 'v2.13.1', environment: 'production', status: 'success', startedOffsetMs: -4 * DAY - 6 * HOUR, author: 'release-bot'},
  {id: 'demo-deploy-1176', service: 'auth', version: 'e91b04d', environment: 'production', status: 'success', startedOffsetMs: -5 * DAY, author: 'identity-dev'},
];
