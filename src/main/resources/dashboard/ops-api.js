// Calls to the admin port's ops API (same origin, ../ops/...) with the token the operator typed, kept in
// sessionStorage (this tab only) and sent as a bearer token; X-Operator names who acted.

export const TOKEN_KEY = 'sttgw.opsToken';
export const OPERATOR_KEY = 'sttgw.operator';

export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

export async function api(method, path, body) {
  const headers = { 'Accept': 'application/json' };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers['Authorization'] = 'Bearer ' + token;
  const operator = sessionStorage.getItem(OPERATOR_KEY);
  if (operator) headers['X-Operator'] = operator;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch('../ops' + path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store',
  });
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : {}; } catch (e) { json = null; }
  if (!response.ok) {
    const detail = json && (json.error || json.code_description) || text || response.statusText;
    throw new ApiError(response.status, response.status + ': ' + detail);
  }
  return json || {};
}
