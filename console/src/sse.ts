// Server-sent events from a fetch body, as the HTML standard's event-stream parser reads them: events end at
// a blank line, "event:" names one, "data:" lines join with newlines, lines starting with ":" are comments
// (llm-service's heartbeats). EventSource cannot be used: it only sends GET and cannot set Authorization.

/** One event: its name ("message" when none was given) and its data. */
export interface ServerSentEvent {
  name: string;
  data: string;
}

/** The events of {@code body} as they arrive; a last event without a closing blank line is still given. */
export async function* serverSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      buffer += decoder.decode();
      break;
    }
    // stream: a multi-byte character split between two chunks is decoded when its last byte arrives
    buffer += decoder.decode(value, { stream: true });
    let end: RegExpExecArray | null;
    while ((end = /\r\n\r\n|\n\n|\r\r/.exec(buffer)) !== null) {
      const event = parseEvent(buffer.slice(0, end.index));
      buffer = buffer.slice(end.index + end[0].length);
      if (event) {
        yield event;
      }
    }
  }
  const last = parseEvent(buffer);
  if (last) {
    yield last;
  }
}

/** One block of lines; null for a block of comments only. */
export function parseEvent(block: string): ServerSentEvent | null {
  let name = '';
  const data: string[] = [];
  for (const line of block.split(/\r\n|\n|\r/)) {
    if (line === '' || line.startsWith(':')) {
      continue;
    }
    const colon = line.indexOf(':');
    const key = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (key === 'event') {
      name = value;
    } else if (key === 'data') {
      data.push(value);
    }
  }
  return data.length === 0 && name === '' ? null : { name: name || 'message', data: data.join('\n') };
}
