// The JSON API as the dashboard uses it: the key lives in sessionStorage (this tab only),
// every call sends it, and an error arrives as the service's problem+json.

const STORAGE_KEY = 'tuneloop.apiKey';

export const session = {
  get key() {
    return sessionStorage.getItem(STORAGE_KEY);
  },
  save(key) {
    sessionStorage.setItem(STORAGE_KEY, key);
  },
  clear() {
    sessionStorage.removeItem(STORAGE_KEY);
  },
};

/** A non-2xx answer; `problem` is the RFC 9457 body when there is one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export async function api(method, path, body, key = session.key) {
  const headers = { authorization: `Bearer ${key}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

let mounted = null;

/**
 * The routes this service mounts, read from /openapi.json (it lists only mounted routes),
 * so the page asks only for what exists and shows "not available" for the rest.
 */
export async function mountedRoutes() {
  if (!mounted) {
    const res = await fetch('/openapi.json');
    const doc = await res.json();
    mounted = new Set(
      Object.entries(doc.paths).flatMap(([path, item]) =>
        Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    );
  }
  return mounted;
}

export const has = (routes, method, path) => routes.has(`${method} ${path}`);

export const taskTypePath = (name) => `/v1/task-types/${encodeURIComponent(name)}`;
