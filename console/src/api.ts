// The console's one way to the platform: the generated TypeScript client (clients/typescript) with the
// key the user pasted. Keys live in sessionStorage only (gone when the tab closes), travel only in the
// Authorization header, and are never logged or put in a URL.
import {
  AdminApi,
  AnswersApi,
  CollectionsApi,
  Configuration,
  DocumentsApi,
  FetchError,
  MemoryApi,
  ResponseError,
  SearchApi,
} from '../../clients/typescript/src/index';

const TENANT_KEY = 'engram.console.key';
const ADMIN_KEY = 'engram.console.adminKey';

/** Which stored key a call uses: the tenant key for /v1, the admin key for /admin. */
export type KeyKind = 'tenant' | 'admin';

export function storedKey(kind: KeyKind): string | null {
  return sessionStorage.getItem(kind === 'tenant' ? TENANT_KEY : ADMIN_KEY);
}

export function storeKey(kind: KeyKind, key: string | null): void {
  const name = kind === 'tenant' ? TENANT_KEY : ADMIN_KEY;
  if (key) {
    sessionStorage.setItem(name, key);
  } else {
    sessionStorage.removeItem(name);
  }
}

/** The gateway that served this page: the console calls the API on its own origin. */
function baseUrl(): string {
  return window.location.origin;
}

function configuration(kind: KeyKind) {
  const key = storedKey(kind);
  if (!key) {
    throw new ApiProblem(0, kind === 'tenant' ? 'No API key yet' : 'No admin key yet',
      kind === 'tenant' ? 'Paste an API key (egk_...) at the top of the page first.'
        : 'Paste the platform admin key in the Admin section first.', null);
  }
  return new Configuration({ basePath: baseUrl(), accessToken: key, fetchApi: patientFetch });
}

/** How long a read waits for the gateway's response headers before it is sent again, once. */
const READ_RETRY_AFTER_MS = 8_000;
/** Reads: safe to send twice. Everything else (answers, writes) is sent once. */
const READS = [/\/search$/, /\/recall$/];

/**
 * fetch, except that a read (GET, HEAD, search, recall) the gateway has not begun to answer within
 * {@link READ_RETRY_AFTER_MS} is aborted and sent once more. Reactor Netty 1.3.6/1.3.7 under the gateway now
 * and then leaves a browser's request unread on a reused keep-alive connection until the client closes it
 * (the bytes wait in the socket's receive queue); aborting closes that connection and the retry goes out on
 * another. Writes are never repeated.
 */
async function patientFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const method = (init?.method ?? 'GET').toUpperCase();
  const url = String(input instanceof Request ? input.url : input);
  const read = method === 'GET' || method === 'HEAD' || (method === 'POST' && READS.some((r) => r.test(new URL(url, baseUrl()).pathname)));
  if (!read || init?.signal) {
    return fetch(input, init);
  }
  for (let attempt = 1; ; attempt++) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), READ_RETRY_AFTER_MS);
    try {
      return await fetch(input, { ...init, signal: abort.signal });
    } catch (error) {
      if (!abort.signal.aborted || attempt >= 2) {
        throw error;
      }
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The generated APIs, bound to the stored tenant key. */
export const tenantApi = {
  collections: () => new CollectionsApi(configuration('tenant')),
  documents: () => new DocumentsApi(configuration('tenant')),
  search: () => new SearchApi(configuration('tenant')),
  answers: () => new AnswersApi(configuration('tenant')),
  memory: () => new MemoryApi(configuration('tenant')),
  whoAmI: () => new AdminApi(configuration('tenant')).whoAmI(),
};

/** The generated admin API, bound to the stored admin key. */
export const adminApi = () => new AdminApi(configuration('admin'));

/**
 * A failed call as the user should read it: an RFC 9457 problem's title and detail, what to do about a
 * rejected key, and for a 429 when to retry.
 */
export class ApiProblem extends Error {
  constructor(readonly status: number, readonly title: string, readonly detail: string,
    readonly retryAfterSeconds: number | null, readonly requestId: string | null = null) {
    super(`${title}: ${detail}`);
  }

  /** One sentence for the page. */
  text(): string {
    return this.detail ? `${this.title}. ${this.detail}` : this.title;
  }
}

/** Turns whatever a generated-client call threw into an {@link ApiProblem}. */
export async function toProblem(error: unknown): Promise<ApiProblem> {
  if (error instanceof ApiProblem) {
    return error;
  }
  if (error instanceof ResponseError) {
    return problemOf(error.response);
  }
  if (error instanceof FetchError) {
    return new ApiProblem(0, 'The gateway is unreachable', 'Check that the platform is running (scripts/up) and reload.', null);
  }
  return new ApiProblem(0, 'Unexpected error', error instanceof Error ? error.message : String(error), null);
}

/** Reads a non-2xx response's problem document (or makes one up from the status). */
export async function problemOf(response: Response): Promise<ApiProblem> {
  let body: Record<string, unknown> = {};
  try {
    body = await response.json();
  } catch {
    // not a problem document (a proxy's HTML page, an empty body)
  }
  const status = response.status;
  const retryHeader = response.headers.get('Retry-After');
  const retryAfter = retryHeader !== null && /^\d+$/.test(retryHeader.trim()) ? Number(retryHeader.trim()) : null;
  const requestId = (body.requestId as string | undefined) ?? response.headers.get('X-Request-Id');
  const detail = typeof body.detail === 'string' ? body.detail : '';
  if (status === 401) {
    return new ApiProblem(401, 'The key was not accepted',
      `${detail ? detail + ' ' : ''}It is wrong, expired or revoked: paste a valid key.`, null, requestId);
  }
  if (status === 429) {
    // the gateway's detail says the same as Retry-After; the header is the one to count down from
    return new ApiProblem(429, 'Too many requests', retryAfter !== null ? `Retry in ${retryAfter} s.` : 'Retry in a moment.', retryAfter, requestId);
  }
  const title = typeof body.title === 'string' ? body.title : `HTTP ${status}`;
  return new ApiProblem(status, title, detail, retryAfter, requestId);
}
