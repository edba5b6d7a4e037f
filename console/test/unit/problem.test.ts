import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FetchError, ResponseError } from '../../../clients/typescript/src/index';
import { problemOf, toProblem } from '../../src/api';

function problem(status: number, body: object | string, headers: Record<string, string> = {}) {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers });
}

test('401: says the key was not accepted and what to do', async () => {
  const p = await problemOf(problem(401, { type: 'https://engram.dev/problems/unauthorized', title: 'Unauthorized', detail: 'Unknown API key.', requestId: 'r-1' }));
  assert.equal(p.status, 401);
  assert.match(p.text(), /^The key was not accepted\. Unknown API key\. It is wrong, expired or revoked: paste a valid key\.$/);
  assert.equal(p.requestId, 'r-1');
});

test('429: when to retry, from Retry-After', async () => {
  const p = await problemOf(problem(429, { title: 'Too Many Requests', detail: 'retry after 7 s' }, { 'Retry-After': '7' }));
  assert.equal(p.retryAfterSeconds, 7);
  assert.equal(p.text(), 'Too many requests. Retry in 7 s.');
  const noHeader = await problemOf(problem(429, {}));
  assert.equal(noHeader.retryAfterSeconds, null);
  assert.equal(noHeader.text(), 'Too many requests. Retry in a moment.');
});

test('other problems keep their title and detail; a body that is no problem document still gives a message', async () => {
  const p = await problemOf(problem(404, { title: 'Not Found', detail: "There is no collection 'nope'." }, { 'X-Request-Id': 'r-2' }));
  assert.equal(p.text(), "Not Found. There is no collection 'nope'.");
  assert.equal(p.requestId, 'r-2');
  const html = await problemOf(problem(502, '<html>Bad gateway</html>'));
  assert.equal(html.text(), 'HTTP 502');
});

test('the generated client\'s errors: a response error is read, a network error names the gateway', async () => {
  const fromResponse = await toProblem(new ResponseError(problem(403, { title: 'Forbidden', detail: "This operation needs the 'write' scope." })));
  assert.equal(fromResponse.status, 403);
  assert.match(fromResponse.text(), /'write' scope/);
  const offline = await toProblem(new FetchError(new TypeError('fetch failed')));
  assert.equal(offline.status, 0);
  assert.match(offline.text(), /gateway is unreachable/);
});
