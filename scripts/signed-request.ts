import { signRequest } from '../apps/airline/src/cluster-auth/request-signature';

/** Airline code the signed requests of tests and tools claim to come from. */
const SENDER_AIRLINE = 'IP';
const SIGNED_REQUEST_TIMEOUT_MS = 10_000;

/**
 * Sends a request signed with the cluster key, as a peer node would, and returns the status and
 * the parsed JSON body. Rejects when the node does not respond within `timeoutMs`.
 */
export async function signedJson<T>(
  clusterKey: string,
  baseUrl: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  timeoutMs: number = SIGNED_REQUEST_TIMEOUT_MS,
): Promise<{ status: number; body: T }> {
  const text = body === undefined ? '' : JSON.stringify(body);
  const headers: Record<string, string> = signRequest(
    clusterKey,
    { method, pathWithQuery: path, body: text, airline: SENDER_AIRLINE },
    Date.now(),
  );
  if (text) {
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: text || undefined,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const responseText = await response.text();
  return {
    status: response.status,
    body: (responseText ? JSON.parse(responseText) : undefined) as T,
  };
}
