import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseEvent, serverSentEvents } from '../../src/sse';

/** A body that arrives in the given pieces, as a network would cut it. */
function body(...pieces: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      pieces.forEach((p) => controller.enqueue(typeof p === 'string' ? encoder.encode(p) : p));
      controller.close();
    },
  });
}

async function all(stream: ReadableStream<Uint8Array>) {
  const events = [];
  for await (const event of serverSentEvents(stream)) {
    events.push(event);
  }
  return events;
}

test('events split anywhere, heartbeats and a last event without a blank line', async () => {
  const events = await all(body('event:retrieval\ndata:{"round":1}\n', '\n:\n\nevent:tok', 'en\ndata: {"text":"a"}\n\n',
    'event:final\ndata:{"answer":"a"}'));
  assert.deepEqual(events, [
    { name: 'retrieval', data: '{"round":1}' },
    { name: 'token', data: '{"text":"a"}' },
    { name: 'final', data: '{"answer":"a"}' },
  ]);
});

test('CRLF line ends and data on several lines', async () => {
  const events = await all(body('event: token\r\ndata: one\r\ndata: two\r\n\r\ndata: plain\r\n\r\n'));
  assert.deepEqual(events, [{ name: 'token', data: 'one\ntwo' }, { name: 'message', data: 'plain' }]);
});

test('a character whose bytes arrive in two chunks', async () => {
  const bytes = new TextEncoder().encode('data:{"text":"Zürich"}\n\n');
  const cut = bytes.indexOf(0xc3) + 1;
  const events = await all(body(bytes.slice(0, cut), bytes.slice(cut)));
  assert.deepEqual(events, [{ name: 'message', data: '{"text":"Zürich"}' }]);
});

test('a block of comments is no event', () => {
  assert.equal(parseEvent(':\n: heartbeat'), null);
  assert.deepEqual(parseEvent('event:error\ndata:{"status":429}'), { name: 'error', data: '{"status":429}' });
});
