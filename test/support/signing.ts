import { signRequest } from '../../apps/airline/src/cluster-auth/request-signature';

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

/** Sends a signed JSON request and returns the status and parsed body. */
export async function signedJson<T>(
  clusterKey: string,
  baseUrl: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const text = body === undefined ? '' : JSON.stringify(body);
  const headers: Record<string, string> = signRequest(
    clusterKey,
    { method, pathWithQuery: path, body: text, airline: 'IP' },
    Date.now(),
  );
  if (text) {
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: text || undefined,
    signal: AbortSignal.timeout(10_000),
  });
  const responseText = await response.text();
  return {
    status: response.status,
    body: (responseText ? JSON.parse(responseText) : undefined) as T,
  };
}
