// What the Memory section streams: the text area's lines as NDJSON events for POST /v1/memory/{ns}/stream.

/**
 * Plain lines become note events whose ids and times follow line order from {@code now} (so a later line
 * is a later fact, and supersedes an earlier one about the same thing); lines that are JSON objects pass as
 * they are; blank lines are dropped.
 */
export function ndjson(text: string, now: number): string {
  const prefix = `console-${now.toString(36)}`;
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0).map((l, i) => l.startsWith('{') ? l
    : JSON.stringify({ id: `${prefix}-${i}`, kind: 'note', text: l, eventTime: new Date(now + i).toISOString() }))
    .join('\n');
}
