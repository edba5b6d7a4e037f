// Ask: a question over chosen collections and a memory namespace, fast or deep. The answer streams in as
// server-sent events (read from the generated client's raw response); citations open the quoted span in
// its passage; degraded reasons are listed. Each answer or search is then explained (explain=true search
// per collection, explain=true recall) for "How it was found".
import type { AnswerResponse, Citation, ContextEntry, MemoryItem, SearchResponse } from '../../clients/typescript/src/index';
import { problemOf, tenantApi } from './api';
import { serverSentEvents } from './sse';
import { collections, found, navigate } from './state';
import { el, field, fmt, run, say, status } from './ui';

const EXPLAIN_TOP_K = 10;
/** The most collections one answer takes (llm-service's limit). */
const MAX_COLLECTIONS = 10;

export function mountAsk(root: HTMLElement): void {
  const question = el('textarea', { id: 'question', rows: 3, required: true, placeholder: 'Who approves hotfixes for production?' });
  const picks = el('fieldset', { class: 'picks', id: 'ask-collections' }, el('legend', { text: 'Collections' }));
  const namespace = el('input', { id: 'ask-namespace', placeholder: 'ops-notes (optional)' });
  const fast = el('input', { type: 'radio', name: 'mode', value: 'fast', id: 'mode-fast', checked: true });
  const deep = el('input', { type: 'radio', name: 'mode', value: 'deep', id: 'mode-deep' });
  const mode = el('fieldset', { class: 'picks' }, el('legend', { text: 'Mode' }),
    el('label', { for: 'mode-fast' }, fast, ' fast'), el('label', { for: 'mode-deep' }, deep, ' deep (several search rounds)'));
  const ask = el('button', { type: 'submit', id: 'ask-button', text: 'Ask' });
  const searchOnly = el('button', { type: 'button', id: 'search-button', class: 'secondary', text: 'Search only' });
  const line = status();
  const form = el('form', { class: 'card', id: 'ask-form' },
    field('Question', question), el('div', { class: 'row' }, picks, field('Memory namespace', namespace), mode),
    el('div', { class: 'actions' }, ask, searchOnly), line);

  const progress = el('ol', { class: 'stages', id: 'answer-stages', 'aria-label': 'Answer progress' });
  const answer = el('div', { class: 'answer', id: 'answer-text', 'aria-live': 'polite' });
  const degraded = el('div', { class: 'degraded', id: 'answer-degraded', role: 'note', hidden: true });
  const cites = el('ol', { class: 'citations', id: 'answer-citations' });
  const passage = el('section', { class: 'passage card', id: 'passage', tabindex: -1, hidden: true, 'aria-label': 'Cited passage' });
  const context = el('details', { class: 'context', hidden: true });
  const output = el('div', { class: 'card output' }, el('h3', { text: 'Answer' }), progress, answer, degraded,
    el('h4', { text: 'Citations' }), cites, passage, context);

  root.append(el('div', { class: 'section-head' }, el('h2', { text: 'Ask' })), form, output);

  // What is picked: at first every collection when there are few (an answer takes at most
  // MAX_COLLECTIONS), later each one created in this tab; then whatever the user picks.
  const picked = new Set<string>();
  const known = new Set<string>();
  let loaded = false;
  picks.addEventListener('change', (event) => {
    const box = event.target as HTMLInputElement;
    if (box.checked) {
      picked.add(box.value);
    } else {
      picked.delete(box.value);
    }
  });
  collections.subscribe((list) => {
    for (const c of list) {
      if (!known.has(c.name!)) {
        known.add(c.name!);
        if (loaded || list.length <= MAX_COLLECTIONS) {
          picked.add(c.name!);
        }
      }
    }
    loaded = list.length > 0 || loaded;
    picks.replaceChildren(el('legend', { text: 'Collections' }), ...list.map((c, i) => {
      const box = el('input', { type: 'checkbox', value: c.name!, id: `ask-c-${i}`, checked: picked.has(c.name!) });
      return el('label', { for: `ask-c-${i}` }, box, ` ${c.name}`);
    }));
    if (list.length === 0) {
      picks.append(el('small', { text: 'No collections yet.' }));
    }
  });

  const chosenCollections = () => Array.from(picks.querySelectorAll<HTMLInputElement>('input:checked')).map((i) => i.value);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const q = question.value.trim();
    if (!q) {
      say(line, 'Type a question first.', 'error');
      return;
    }
    const cols = chosenCollections();
    const ns = namespace.value.trim() || undefined;
    if (cols.length === 0 && !ns) {
      say(line, 'Choose at least one collection or a memory namespace.', 'error');
      return;
    }
    if (cols.length > MAX_COLLECTIONS) {
      say(line, `Choose at most ${MAX_COLLECTIONS} collections; ${cols.length} are chosen.`, 'error');
      return;
    }
    void run(ask, line, async () => {
      progress.replaceChildren();
      answer.replaceChildren();
      cites.replaceChildren();
      degraded.hidden = true;
      passage.hidden = true;
      context.replaceChildren();
      delete answer.dataset.done;
      say(line, 'Asking…');
      const final = await streamAnswer({ question: q, collections: cols, memoryNamespace: ns, mode: deep.checked ? 'deep' : 'fast' },
        { progress, answer, degraded });
      renderAnswer(final, answer, cites, passage, degraded, context, ns);
      answer.dataset.done = 'true';
      say(line, `Answered in ${final.trace?.totalMs ?? '?'} ms by the ${final.generator} generator${final.grounded === false ? ' (not grounded)' : ''}.`, 'ok');
      found.set({ kind: 'answer', question: q, at: new Date(), answer: final, ...await explain(q, cols, ns) });
    });
  });

  searchOnly.addEventListener('click', () => {
    const q = question.value.trim();
    const cols = chosenCollections();
    if (!q || cols.length === 0) {
      say(line, 'Type a question and choose a collection to search.', 'error');
      return;
    }
    void run(searchOnly, line, async () => {
      const ns = namespace.value.trim() || undefined;
      found.set({ kind: 'search', question: q, at: new Date(), ...await explain(q, cols, ns) });
      say(line, 'Searched: see How it was found.', 'ok');
      navigate.set('found');
    });
  });
}

/** The explain=true views of a question: one search per collection, one recall of the namespace. */
async function explain(question: string, cols: string[], ns: string | undefined) {
  const searches = new Map<string, SearchResponse>();
  for (const collection of cols) {
    searches.set(collection, await tenantApi.search().searchCollection({
      collection, searchRequest: { query: question, topK: EXPLAIN_TOP_K, explain: true },
    }));
  }
  let memory: { namespace: string; items: MemoryItem[] } | undefined;
  if (ns) {
    const recalled = await tenantApi.memory().recallMemory({ namespace: ns, recallRequest: { query: question, topK: EXPLAIN_TOP_K, explain: true } });
    memory = { namespace: ns, items: recalled.items ?? [] };
  }
  return { searches, memory };
}

interface StreamTargets {
  progress: HTMLElement;
  answer: HTMLElement;
  degraded: HTMLElement;
}

/** POST /v1/answers with stream=true through the generated client; reads its SSE body as it arrives. */
async function streamAnswer(request: { question: string; collections: string[]; memoryNamespace?: string; mode: string },
  targets: StreamTargets): Promise<AnswerResponse> {
  const raw = await tenantApi.answers().createAnswerRaw({ answerRequest: { ...request, stream: true } }, async ({ init }) => ({
    headers: { ...(init.headers as Record<string, string>), Accept: 'text/event-stream' },
  }));
  const response = raw.raw;
  if (!response.body) {
    throw new Error('the answer stream has no body');
  }
  const reasons = new Set<string>();
  let final: AnswerResponse | null = null;
  const stage = (text: string) => targets.progress.append(el('li', { text }));
  for await (const event of serverSentEvents(response.body)) {
    const data = event.data ? JSON.parse(event.data) : {};
    switch (event.name) {
      case 'retrieval':
        stage(`Round ${data.round}: ${data.hits} passage(s) retrieved`);
        (data.degraded ?? []).forEach((d: string) => reasons.add(d));
        break;
      case 'memory':
        stage(`Memory: ${data.items} item(s) recalled`);
        (data.degraded ?? []).forEach((d: string) => reasons.add(d));
        break;
      case 'token':
        targets.answer.append(document.createTextNode(data.text));
        break;
      case 'citations':
        stage(`${(data.citations ?? []).length} citation(s)`);
        break;
      case 'final':
        final = data as AnswerResponse;
        break;
      case 'error': {
        const problem = await problemOf(new Response(JSON.stringify(data), { status: data.status ?? 500 }));
        throw problem;
      }
      default:
        break;
    }
    showDegraded(targets.degraded, [...reasons]);
  }
  if (!final) {
    throw new Error('the answer stream ended without a final event');
  }
  return final;
}

function showDegraded(box: HTMLElement, reasons: string[]): void {
  box.hidden = reasons.length === 0;
  box.replaceChildren(el('strong', { text: 'Degraded: ' }), ...reasons.map((r) => el('span', { class: 'reason', text: r })));
}

/** The final answer: markers [n] become buttons that open their citation's passage. */
function renderAnswer(final: AnswerResponse, answer: HTMLElement, cites: HTMLElement, passage: HTMLElement,
  degraded: HTMLElement, context: HTMLElement, ns: string | undefined): void {
  const citations = final.citations ?? [];
  // the k-th [n] in the text is the k-th citation with marker n (a passage cited for two sentences has two quotes)
  const byMarker = new Map<number, Citation[]>();
  citations.forEach((c) => byMarker.set(c.marker ?? 0, [...(byMarker.get(c.marker ?? 0) ?? []), c]));
  const used = new Map<number, number>();
  const contextById = new Map((final.context ?? []).map((c) => [c.id, c]));
  const open = (c: Citation) => void openPassage(c, contextById.get(c.id), passage, ns);
  const text = final.answer ?? '';
  const parts: (Node | string)[] = [];
  let last = 0;
  for (const match of text.matchAll(/\[(\d+)\]/g)) {
    const marker = Number(match[1]);
    const candidates = byMarker.get(marker) ?? [];
    const k = used.get(marker) ?? 0;
    used.set(marker, k + 1);
    const citation = candidates[Math.min(k, candidates.length - 1)];
    if (!citation) {
      continue;
    }
    parts.push(text.slice(last, match.index));
    parts.push(el('button', { type: 'button', class: 'marker', text: match[0], 'aria-label': `Open citation ${match[1]}`, onclick: () => open(citation) }));
    last = match.index! + match[0].length;
  }
  parts.push(text.slice(last));
  answer.replaceChildren(...parts);
  cites.replaceChildren(...citations.map((c) => el('li', {},
    el('button', { type: 'button', class: 'link citation', 'data-marker': c.marker ?? 0, onclick: () => open(c) },
      `[${c.marker}] ${c.title ?? c.documentId ?? c.kind ?? ''}`),
    el('q', { text: c.quote ?? '' }))));
  if (citations.length === 0) {
    cites.append(el('li', { class: 'muted', text: 'No citations.' }));
  }
  showDegraded(degraded, final.degradedReasons ?? []);
  context.hidden = false;
  context.replaceChildren(el('summary', { text: `Context: ${(final.context ?? []).length} passage(s)` }),
    contextTable(final.context ?? []));
}

function contextTable(entries: ContextEntry[]): HTMLElement {
  return el('table', { class: 'grid' },
    el('thead', {}, el('tr', {}, ...['Rank', 'Kind', 'From', 'Title', 'Score'].map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, ...entries.map((e) => el('tr', {},
      el('td', { class: 'num', text: String(e.rank ?? '') }), el('td', { text: e.kind ?? '' }), el('td', { text: e.origin ?? '' }),
      el('td', { text: e.title ?? e.documentId ?? e.sourceId ?? '' }), el('td', { class: 'num', text: fmt(e.score) })))));
}

/**
 * Shows a citation's passage with the quoted span marked. A chunk's text comes from a search of its
 * collection for the quote (the answer carries only the quote and its offsets); a memory item's from the
 * memory API.
 */
async function openPassage(citation: Citation, entry: ContextEntry | undefined, passage: HTMLElement, ns: string | undefined): Promise<void> {
  passage.hidden = false;
  passage.replaceChildren(el('p', { class: 'muted', text: 'Loading the passage…' }));
  passage.focus();
  const line = status();
  let text: string | null = null;
  let heading = `[${citation.marker}] ${citation.title ?? citation.documentId ?? ''}`;
  await run(null, line, async () => {
    if (citation.kind === 'memory') {
      const namespace = entry?.origin ?? ns;
      if (namespace) {
        const item = await tenantApi.memory().getMemoryItem({ namespace, id: citation.sourceId! });
        text = item.statement ?? null;
        heading = `[${citation.marker}] memory item in ${namespace}`;
      }
    } else if (entry?.origin) {
      const result = await tenantApi.search().searchCollection({ collection: entry.origin, searchRequest: { query: citation.quote ?? '', topK: 20 } });
      const hit = (result.hits ?? []).find((h) => String(h.chunkId) === citation.sourceId);
      text = hit?.text ?? null;
      heading += ` · ${entry.origin}/${citation.documentId ?? ''}`;
    }
  });
  const quote = citation.quote ?? '';
  const body = el('blockquote', { class: 'passage-text' });
  if (text === null) {
    body.append(el('mark', { text: quote }));
    line.textContent ||= 'The whole passage could not be loaded; the quote is shown alone.';
  } else {
    const full: string = text;
    let start = citation.start ?? -1;
    let end = citation.end ?? -1;
    if (!(start >= 0 && end <= full.length && full.slice(start, end) === quote)) {
      start = full.indexOf(quote);
      end = start + quote.length;
    }
    if (start >= 0) {
      body.append(full.slice(0, start), el('mark', { text: full.slice(start, end) }), full.slice(end));
    } else {
      body.append(full);
    }
  }
  const close = el('button', { type: 'button', class: 'secondary', text: 'Close passage', onclick: () => { passage.hidden = true; } });
  passage.replaceChildren(el('h4', { text: heading }), body, line, close);
  passage.focus();
  body.querySelector('mark')?.scrollIntoView({ block: 'nearest' });
}
