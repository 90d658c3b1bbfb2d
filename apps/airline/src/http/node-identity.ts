import packageJson from '../../../../package.json';

import type { AirlineConfig } from '../config/airline-config';
import type { NodeIdentity } from './node.dto';

/** Version of this build, from the root package.json. */
export const APP_VERSION: string = packageJson.version;

/** Describes this node for `GET /` and the signed `GET /v1/identity`. */
export function describeNode(config: AirlineConfig): NodeIdentity {
  return {
    service: 'interline-airline-node',
    airline: { ...config.airline },
    version: APP_VERSION,
    gateway: { host: config.tcp.host, port: config.tcp.port },
    links: { docs: '/docs', openApi: '/docs-json', status: '/status', metrics: '/metrics' },
  };
}
