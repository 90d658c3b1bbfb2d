import { signRequest } from '../../apps/airline/src/cluster-auth/request-signature';

export { signedJson } from '../../scripts/signed-request';

/** Signature headers for a GET request, as a peer holding `clusterKey` would send them. */
export function signedGetHeaders(
  clusterKey: string,
  pathWithQuery: string,
  now = Date.now(),
  nonce?: string,
): Record<string, string> {
  return signRequest(
    clusterKey,
    { method: 'GET', pathWithQuery, body: '', airline: 'IP' },
    now,
    nonce,
  );
}
