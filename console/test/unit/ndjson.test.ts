import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ndjson } from '../../src/ndjson';

test('plain lines become note events in line order; JSON lines pass; blank lines go', () => {
  const now = Date.parse('2026-03-03T10:00:00Z');
  const lines = ndjson("Acme's CEO is Jane Doe.\n\n  {\"id\":\"x\",\"text\":\"kept\"}\r\nAcme's CEO is John Smith.  ", now).split('\n');
  assert.equal(lines.length, 3);
  const first = JSON.parse(lines[0]);
  const third = JSON.parse(lines[2]);
  assert.deepEqual(first, { id: `console-${now.toString(36)}-0`, kind: 'note', text: "Acme's CEO is Jane Doe.", eventTime: '2026-03-03T10:00:00.000Z' });
  assert.equal(lines[1], '{"id":"x","text":"kept"}');
  assert.equal(third.text, "Acme's CEO is John Smith.");
  assert.ok(Date.parse(third.eventTime) > Date.parse(first.eventTime), 'a later line is a later event');
  assert.notEqual(third.id, first.id);
});

test('nothing to send', () => {
  assert.equal(ndjson(' \n\n', 0), '');
});
