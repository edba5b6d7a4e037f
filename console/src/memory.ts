// Memory: a namespace's items on a time axis with their validity intervals, superseded history as chains,
// abstractions with their members, archived items on request, compression ratio and item count as
// sampled by this console; an item opens its provenance. Events can be streamed in (NDJSON).
//
// The memory API has no "list items" endpoint: the items shown are those recall returns for the focus
// query (up to 100, nearest first), plus every item their history links to.
import type { MemoryItemDetail, StoreStats } from '../../clients/typescript/src/index';
import { PALETTE, chartIn } from './charts';
import { tenantApi } from './api';
import { ndjson } from './ndjson';
import { el, field, fmt, run, say, status, when } from './ui';

const RECALL_TOP_K = 100;
const MAX_ITEMS = 120;
const SAMPLES_KEY = 'engram.console.memoryStats.';
const MAX_SAMPLES = 200;

interface Sample {
  at: number;
  liveItems: number;
  compressionRatio: number;
}

export function mountMemory(root: HTMLElement): void {
  const namespace = el('input', { id: 'memory-namespace', required: true, placeholder: 'ops-notes' });
  const focus = el('input', { id: 'memory-focus', value: 'facts', required: true });
  const archived = el('input', { type: 'checkbox', id: 'memory-archived' });
  const load = el('button', { type: 'submit', id: 'memory-load', text: 'Show memory' });
  const line = status();
  const form = el('form', { class: 'card', id: 'memory-form' },
    el('div', { class: 'row' }, field('Namespace', namespace),
      field('Focus', focus, 'recall query: which items to show (no endpoint lists them all)'),
      el('label', { for: 'memory-archived', class: 'check' }, archived, ' include archived items')),
    load, line);

  const events = el('textarea', { id: 'memory-events', rows: 4, placeholder: "One fact per line (or NDJSON events), e.g.\nAcme's CEO is Jane Doe." });
  const send = el('button', { type: 'submit', id: 'memory-stream', text: 'Stream events' });
  const sendLine = status();
  const streamForm = el('form', { class: 'card', id: 'memory-stream-form' },
    el('h3', { text: 'Stream events into the namespace' }), field('Events', events), send, sendLine);

  const stats = el('dl', { class: 'stats', id: 'memory-stats' });
  const statsChart = el('div', { class: 'chart', id: 'memory-stats-chart' });
  const timeline = el('div', { class: 'chart tall', id: 'memory-timeline' });
  const chains = el('div', { id: 'memory-chains' });
  const abstractions = el('div', { id: 'memory-abstractions' });
  const items = el('ul', { class: 'plain items', id: 'memory-items' });
  const detail = el('section', { class: 'card detail', id: 'memory-detail', tabindex: -1, hidden: true, 'aria-label': 'Item provenance' });

  root.append(el('div', { class: 'section-head' }, el('h2', { text: 'Memory' })),
    el('div', { class: 'cards two' }, form, streamForm),
    el('div', { class: 'cards two' },
      el('div', { class: 'card' }, el('h3', { text: 'Store' }), stats),
      el('figure', { class: 'card' }, el('figcaption', { text: 'Compression ratio and live items, sampled by this console' }), statsChart)),
    el('figure', { class: 'card' }, el('figcaption', { text: 'Items on a time axis: each bar is an item’s validity interval (open bars run to now)' }), timeline),
    el('div', { class: 'cards two' },
      el('div', { class: 'card' }, el('h3', { text: 'Superseded history' }), chains),
      el('div', { class: 'card' }, el('h3', { text: 'Abstractions' }), abstractions)),
    el('div', { class: 'cards two top' },
      el('div', { class: 'card' }, el('h3', { text: 'Items' }), items),
      detail));

  const show = async () => {
    const ns = namespace.value.trim();
    const [storeStats, nodes] = await Promise.all([
      tenantApi.memory().getMemoryStats({ namespace: ns }),
      gather(ns, focus.value.trim() || 'facts', archived.checked),
    ]);
    renderStats(stats, storeStats);
    drawSamples(statsChart, record(ns, storeStats));
    const open = (id: string) => void openDetail(detail, ns, nodes, id);
    drawTimeline(timeline, nodes, open);
    chains.replaceChildren(chainsOf(nodes, open));
    abstractions.replaceChildren(abstractionsOf(nodes, open));
    items.replaceChildren(...[...nodes.values()].sort(byValidFrom).map((n) => el('li', {},
      el('button', { type: 'button', class: 'link', onclick: () => open(n.id!) }, n.statement ?? n.id ?? ''),
      el('small', { text: ` ${n.kind}${n.supersededBy ? ' · superseded' : ''}${n.archived ? ' · archived' : ''}` }))));
    if (nodes.size === 0) {
      items.append(el('li', { class: 'muted', text: 'No items in this namespace for this focus.' }));
    }
    say(line, `${nodes.size} item(s) shown; ${storeStats.liveItems} live in the store.`, 'ok');
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run(load, line, show);
  });
  streamForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const ns = namespace.value.trim();
    if (!ns) {
      say(sendLine, 'Name the namespace first (above).', 'error');
      namespace.focus();
      return;
    }
    void run(send, sendLine, async () => {
      const body = ndjson(events.value, Date.now());
      if (!body) {
        say(sendLine, 'Type at least one event.', 'error');
        return;
      }
      const result = await tenantApi.memory().streamMemoryEvents({ namespace: ns, body });
      const rejected = (result.rejected ?? []).map((r) => `line ${r.line}: ${r.message}`);
      const filtered = (result.filteredItems ?? []).map((f) => `line ${f.line}: ${f.reason}`);
      say(sendLine, `Accepted ${result.accepted}, duplicates ${result.duplicates}, filtered ${result.filtered}`
        + `${rejected.length ? `, rejected ${rejected.join('; ')}` : ''}${filtered.length ? ` (${filtered.join('; ')})` : ''}.`,
      rejected.length ? 'error' : 'ok');
      events.value = '';
      await run(load, line, show);
    });
  });
}

/** Recalled items and everything their history, supersession and membership link to. */
async function gather(ns: string, query: string, includeArchived: boolean): Promise<Map<string, MemoryItemDetail>> {
  const api = tenantApi.memory();
  const recalled = await api.recallMemory({ namespace: ns, recallRequest: { query, topK: RECALL_TOP_K, includeArchived } });
  const nodes = new Map<string, MemoryItemDetail>();
  let frontier = (recalled.items ?? []).map((i) => i.id!).filter(Boolean);
  while (frontier.length > 0 && nodes.size < MAX_ITEMS) {
    const batch = frontier.filter((id) => !nodes.has(id)).slice(0, MAX_ITEMS - nodes.size);
    const details = await Promise.all(batch.map((id) => api.getMemoryItem({ namespace: ns, id })));
    const next: string[] = [];
    for (const d of details) {
      nodes.set(d.id!, d);
      (d.history ?? []).forEach((h) => h.otherId && next.push(h.otherId));
      if (d.supersededBy) {
        next.push(d.supersededBy);
      }
      (d.members ?? []).forEach((m) => next.push(m));
    }
    frontier = [...new Set(next)].filter((id) => !nodes.has(id));
  }
  if (!includeArchived) {
    for (const [id, node] of nodes) {
      if (node.archived) {
        nodes.delete(id);
      }
    }
  }
  return nodes;
}

function byValidFrom(a: MemoryItemDetail, b: MemoryItemDetail): number {
  return time(a.validFrom) - time(b.validFrom) || (a.statement ?? '').localeCompare(b.statement ?? '');
}

function time(value: Date | undefined): number {
  return value ? new Date(value).getTime() : 0;
}

function renderStats(box: HTMLElement, s: StoreStats): void {
  const entries: [string, string][] = [
    ['Compression ratio', `${fmt(s.compressionRatio, 2)} ×`], ['Live items', fmt(s.liveItems, 0)],
    ['Superseded', fmt(s.supersededItems, 0)], ['Abstractions', fmt(s.abstractions, 0)],
    ['Archived', fmt(s.archivedItems, 0)], ['Events', fmt(s.events, 0)],
    ['Tokens ingested / stored', `${fmt(s.ingestedTokens, 0)} / ${fmt(s.storedTokens, 0)}`],
  ];
  box.replaceChildren(...entries.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]));
}

/** Adds a stats sample for the namespace (kept in sessionStorage) and returns the series. */
function record(ns: string, s: StoreStats): Sample[] {
  const key = SAMPLES_KEY + ns;
  let samples: Sample[] = [];
  try {
    samples = JSON.parse(sessionStorage.getItem(key) ?? '[]');
  } catch {
    samples = [];
  }
  samples.push({ at: Date.now(), liveItems: s.liveItems ?? 0, compressionRatio: s.compressionRatio ?? 0 });
  samples = samples.slice(-MAX_SAMPLES);
  sessionStorage.setItem(key, JSON.stringify(samples));
  return samples;
}

function drawSamples(box: HTMLElement, samples: Sample[]): void {
  chartIn(box, {
    type: 'line',
    data: {
      labels: samples.map((s) => new Date(s.at).toLocaleTimeString()),
      datasets: [
        { label: 'compression ratio', data: samples.map((s) => s.compressionRatio), borderColor: PALETTE[0], backgroundColor: PALETTE[0], yAxisID: 'y' },
        { label: 'live items', data: samples.map((s) => s.liveItems), borderColor: PALETTE[1], backgroundColor: PALETTE[1], yAxisID: 'y1' },
      ],
    },
    options: {
      scales: {
        y: { min: 0, title: { display: true, text: 'ratio' } },
        y1: { min: 0, position: 'right', grid: { drawOnChartArea: false }, ticks: { precision: 0 }, title: { display: true, text: 'items' } },
      },
      plugins: { legend: { position: 'bottom' } },
    },
  }, `Compression ratio and live items over ${samples.length} samples`);
}

function colour(n: MemoryItemDetail): string {
  if (n.archived) {
    return '#D55E00';
  }
  if (n.supersededBy || n.validTo) {
    return '#999999';
  }
  return n.kind === 'abstraction' ? PALETTE[2] : PALETTE[0];
}

function drawTimeline(box: HTMLElement, nodes: Map<string, MemoryItemDetail>, open: (id: string) => void): void {
  const list = [...nodes.values()].sort(byValidFrom);
  const now = Date.now();
  const starts = list.map((n) => time(n.validFrom) || time(n.recordedAt));
  const min = Math.min(...starts, now);
  const span = Math.max(1, now - min);
  box.style.height = `${Math.max(180, 26 * list.length + 70)}px`;
  chartIn(box, {
    type: 'bar',
    data: {
      labels: list.map((n) => {
        const s = n.statement ?? '';
        return s.length > 44 ? `${s.slice(0, 43)}…` : s;
      }),
      datasets: [{
        label: 'valid',
        data: list.map((n, i) => [starts[i], n.validTo ? time(n.validTo) : now] as [number, number]),
        backgroundColor: list.map(colour),
        minBarLength: 4,
      }],
    },
    options: {
      indexAxis: 'y',
      onClick: (_event, elements) => {
        if (elements.length > 0) {
          open(list[elements[0].index].id!);
        }
      },
      scales: {
        x: {
          type: 'linear',
          min: min - span * 0.02,
          max: now + span * 0.02,
          ticks: { maxTicksLimit: 6, callback: (value) => tick(Number(value), span) },
        },
        y: { ticks: { font: { size: 11 } } },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (ctx) => {
              const n = list[ctx.dataIndex];
              return `${n.kind}: ${when(n.validFrom)} → ${n.validTo ? when(n.validTo) : 'now'}${n.supersededBy ? ' (superseded)' : ''}${n.archived ? ' (archived)' : ''}`;
            },
          },
        },
      },
    },
  }, `Timeline of ${list.length} memory items; the Items list has the same items`);
}

/** A time-axis label as fine as the axis' span needs: milliseconds for a minute, dates for weeks. */
function tick(value: number, span: number): string {
  const date = new Date(value);
  if (span < 120_000) {
    return `${date.toLocaleTimeString(undefined, { hour12: false })}.${String(date.getMilliseconds()).padStart(3, '0')}`;
  }
  if (span < 2 * 86_400_000) {
    return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }
  return date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

/** Supersession chains, oldest first: each item followed by the one that superseded it. */
function chainsOf(nodes: Map<string, MemoryItemDetail>, open: (id: string) => void): HTMLElement {
  const successor = new Map<string, string>();
  for (const n of nodes.values()) {
    const next = n.supersededBy ?? (n.history ?? []).find((h) => h.action === 'SUPERSEDED_BY')?.otherId;
    if (next && nodes.has(next)) {
      successor.set(n.id!, next);
    }
  }
  const hasPredecessor = new Set(successor.values());
  const heads = [...successor.keys()].filter((id) => !hasPredecessor.has(id));
  if (heads.length === 0) {
    return el('p', { class: 'muted', text: 'Nothing superseded among these items.' });
  }
  return el('ol', { class: 'plain chains' }, ...heads.map((head) => {
    const chain: MemoryItemDetail[] = [];
    const seen = new Set<string>();
    for (let id: string | undefined = head; id && !seen.has(id); id = successor.get(id)) {
      seen.add(id);
      chain.push(nodes.get(id)!);
    }
    const parts: (Node | string)[] = [];
    chain.forEach((n, i) => {
      if (i > 0) {
        parts.push(el('span', { class: 'arrow', 'aria-label': 'superseded by', text: ' → ' }));
      }
      parts.push(el('button', { type: 'button', class: `link ${n.validTo ? 'old' : 'current'}`, onclick: () => open(n.id!) },
        n.statement ?? n.id ?? ''),
      el('small', { text: ` (${when(n.validFrom)} – ${n.validTo ? when(n.validTo) : 'now'})` }));
    });
    return el('li', { class: 'chain' }, ...parts);
  }));
}

function abstractionsOf(nodes: Map<string, MemoryItemDetail>, open: (id: string) => void): HTMLElement {
  const list = [...nodes.values()].filter((n) => n.kind === 'abstraction');
  if (list.length === 0) {
    return el('p', { class: 'muted', text: 'No abstractions among these items.' });
  }
  return el('ul', { class: 'plain' }, ...list.map((a) => el('li', {},
    el('button', { type: 'button', class: 'link', onclick: () => open(a.id!) }, a.statement ?? ''),
    el('ul', {}, ...(a.members ?? []).map((m) => el('li', {},
      el('button', { type: 'button', class: 'link', onclick: () => open(m) }, nodes.get(m)?.statement ?? m)))))));
}

async function openDetail(box: HTMLElement, ns: string, nodes: Map<string, MemoryItemDetail>, id: string): Promise<void> {
  box.hidden = false;
  const line = status();
  let item = nodes.get(id);
  if (!item) {
    item = await run(null, line, () => tenantApi.memory().getMemoryItem({ namespace: ns, id }));
  }
  if (!item) {
    box.replaceChildren(el('h3', { text: 'Item' }), line);
    return;
  }
  const facts: [string, string][] = [
    ['Kind', item.kind ?? ''], ['Subject', item.subject ?? ''], ['Attribute', item.attribute ?? ''], ['Value', item.value ?? ''],
    ['Valid', `${when(item.validFrom)} → ${item.validTo ? when(item.validTo) : 'now'}`], ['Recorded', when(item.recordedAt)],
    ['Support', fmt(item.support, 0)], ['Tokens', fmt(item.tokens, 0)],
    ['State', [item.archived ? 'archived' : item.supersededBy || item.validTo ? 'superseded' : 'current', item.demoted ? 'demoted' : ''].filter(Boolean).join(', ')],
  ];
  box.replaceChildren(
    el('h3', { text: item.statement ?? item.id ?? '' }),
    el('dl', { class: 'stats' }, ...facts.filter(([, v]) => v).flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })])),
    el('h4', { text: 'Provenance' }),
    el('ul', { class: 'plain', id: 'memory-provenance' }, ...(item.provenance ?? []).map((p) => el('li', {},
      'event ', el('code', { text: p.eventId ?? '' }), p.sourceRef ? ` from ${p.sourceRef}` : ''))),
    el('h4', { text: 'History' }),
    el('ol', { class: 'plain' }, ...(item.history ?? []).map((h) => el('li', {},
      el('strong', { text: h.action ?? '' }), ` at ${when(h.at)}`, h.eventId ? ` by event ${h.eventId}` : '',
      h.note ? ` — ${h.note}` : '',
      h.otherId ? el('button', { type: 'button', class: 'link', onclick: () => void openDetail(box, ns, nodes, h.otherId!) },
        ` ${nodes.get(h.otherId)?.statement ?? h.otherId}`) : ''))),
    line,
    el('button', { type: 'button', class: 'secondary', text: 'Close', onclick: () => { box.hidden = true; } }));
  box.focus();
}
