// How it was found: for the last search or answer, each hit's rank and score on every path (dense, BM25
// per query variant, fused, reranked; memory's dense, lexical and fused), the rewritten queries, the
// answer's stages and, for deep search, its rounds as a timeline.
import type { MemoryItem, RoundTrace, SearchHit } from '../../clients/typescript/src/index';
import { PALETTE, chartIn } from './charts';
import { found, type Found } from './state';
import { el, fmt, when } from './ui';

/** One hit on one path. */
interface PathPoint {
  rank: number;
  score: number;
}

/** A hit (chunk or memory item) and where it stood on each path. */
interface Row {
  label: string;
  paths: Map<string, PathPoint>;
}

const MAX_LABEL = 38;

export function mountFound(root: HTMLElement): void {
  const summary = el('p', { id: 'found-summary', class: 'muted', text: 'Ask a question or search (Ask section) to see how its hits were found.' });
  const rankBox = el('div', { class: 'chart tall', id: 'rank-chart' });
  const scoreBox = el('div', { class: 'chart tall', id: 'score-chart' });
  const table = el('div', { class: 'scroll', id: 'found-table' });
  const rewrites = el('div', { id: 'found-rewrites' });
  const stages = el('div', { id: 'found-stages' });
  const roundsBox = el('div', { class: 'chart', id: 'rounds-chart' });
  const rounds = el('div', { id: 'found-rounds' });
  const body = el('div', { id: 'found-body', hidden: true },
    el('div', { class: 'cards two' },
      el('figure', { class: 'card' }, el('figcaption', { text: 'Rank of each hit on each path (1 is best)' }), rankBox),
      el('figure', { class: 'card' }, el('figcaption', { text: "Score on each path, as a share of that path's best score" }), scoreBox)),
    el('details', { class: 'card' }, el('summary', { text: 'Ranks and scores as a table' }), table),
    el('div', { class: 'cards two' },
      el('div', { class: 'card' }, el('h3', { text: 'Rewritten queries' }), rewrites),
      el('div', { class: 'card' }, el('h3', { text: 'Answer stages' }), stages)),
    el('div', { class: 'card', id: 'deep-card' }, el('h3', { text: 'Deep search rounds' }), roundsBox, rounds));
  root.append(el('div', { class: 'section-head' }, el('h2', { text: 'How it was found' })), summary, body);

  found.subscribe((last) => {
    if (!last) {
      return;
    }
    body.hidden = false;
    summary.textContent = `${last.kind === 'answer' ? 'Answer' : 'Search'} for “${last.question}” at ${when(last.at)}: `
      + `${last.searches.size} collection(s) searched with explain=true${last.memory ? `, memory “${last.memory.namespace}” recalled` : ''}.`;
    const rows = rowsOf(last);
    const paths = pathsOf(rows);
    drawRanks(rankBox, rows, paths);
    drawScores(scoreBox, rows, paths);
    table.replaceChildren(tableOf(rows, paths));
    rewrites.replaceChildren(rewritesOf(last));
    stages.replaceChildren(stagesOf(last));
    drawRounds(roundsBox, rounds, last);
  });
}

function short(text: string): string {
  return text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text;
}

function rowsOf(last: Found): Row[] {
  const rows: Row[] = [];
  for (const [collection, response] of last.searches) {
    (response.hits ?? []).forEach((hit: SearchHit, i: number) => {
      const paths = new Map<string, PathPoint>();
      const explanation = (hit.explanation ?? {}) as Record<string, any>;
      for (const [path, value] of Object.entries((explanation.paths ?? {}) as Record<string, PathPoint>)) {
        paths.set(path === 'bm25' ? 'BM25' : path.replace(/^bm25/, 'BM25'), { rank: value.rank, score: value.score });
      }
      paths.set('fused', { rank: i + 1, score: hit.score ?? 0 });
      if (explanation.rerank) {
        paths.set(`reranked (${explanation.rerank.strategy})`, { rank: explanation.rerank.rank, score: explanation.rerank.score ?? 0 });
      }
      rows.push({ label: short(`${collection}: ${hit.title ?? hit.documentId ?? ''} #${hit.chunkId}`), paths });
    });
  }
  (last.memory?.items ?? []).forEach((item: MemoryItem, i: number) => {
    const paths = new Map<string, PathPoint>();
    const explanation = (item.explanation ?? {}) as Record<string, any>;
    if (explanation.dense) {
      paths.set('memory dense', { rank: explanation.dense.rank, score: explanation.dense.cosine });
    }
    if (explanation.lexical) {
      paths.set('memory lexical', { rank: explanation.lexical.rank, score: explanation.lexical.score });
    }
    paths.set('memory fused', { rank: i + 1, score: item.score ?? 0 });
    rows.push({ label: short(`memory: ${item.statement ?? item.id}`), paths });
  });
  return rows;
}

/** Paths in pipeline order: recall paths, fused, reranked, then memory's. */
function pathsOf(rows: Row[]): string[] {
  const seen = new Set<string>();
  rows.forEach((r) => r.paths.forEach((_, p) => seen.add(p)));
  const order = (p: string) => p.startsWith('memory') ? 4 + ['memory dense', 'memory lexical', 'memory fused'].indexOf(p) / 10
    : p.startsWith('reranked') ? 3 : p === 'fused' ? 2 : p.startsWith('BM25') ? 1 : 0;
  return [...seen].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
}

function drawRanks(box: HTMLElement, rows: Row[], paths: string[]): void {
  // on a phone the legend stacks one hit a line: give it room instead of squeezing the plot
  box.style.height = window.innerWidth < 600 ? `${240 + 18 * rows.length}px` : '';
  const maxRank = Math.max(2, ...rows.flatMap((r) => [...r.paths.values()].map((p) => p.rank)));
  // x is the path's index, nudged per hit so that hits sharing a rank stay apart
  const nudge = (i: number) => rows.length < 2 ? 0 : (i / (rows.length - 1) - 0.5) * 0.3;
  chartIn(box, {
    type: 'line',
    data: {
      datasets: rows.map((row, i) => ({
        label: row.label,
        data: paths.map((p, x) => {
          const point = row.paths.get(p);
          return point ? { x: x + nudge(i), y: point.rank } : null;
        }).filter((d): d is { x: number; y: number } => d !== null),
        borderColor: PALETTE[i % PALETTE.length],
        backgroundColor: PALETTE[i % PALETTE.length],
        pointRadius: 4,
        borderWidth: 2,
      })),
    },
    options: {
      scales: {
        x: {
          type: 'linear', min: -0.4, max: paths.length - 0.6,
          afterBuildTicks: (axis) => { axis.ticks = paths.map((_, x) => ({ value: x })); },
          ticks: { autoSkip: false, callback: (value) => paths[Number(value)] ?? '' },
        },
        y: { reverse: true, min: 0.5, max: maxRank + 0.5, afterBuildTicks: (axis) => {
          axis.ticks = Array.from({ length: maxRank }, (_, i) => ({ value: i + 1 }));
        }, title: { display: true, text: 'rank' } },
      },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 10, font: { size: 10 } } },
        tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${paths[Math.round(ctx.parsed.x ?? 0)]} rank ${ctx.parsed.y}` } },
      },
    },
  }, `Rank per path for ${rows.length} hits over ${paths.join(', ')}; the table below has the values`);
}

function drawScores(box: HTMLElement, rows: Row[], paths: string[]): void {
  box.style.height = `${Math.max(window.innerWidth < 600 ? 300 : 360, 90 + rows.length * paths.length * 9)}px`;
  const best = new Map(paths.map((p) => [p, Math.max(...rows.map((r) => Math.abs(r.paths.get(p)?.score ?? 0)))]));
  chartIn(box, {
    type: 'bar',
    data: {
      labels: rows.map((r) => r.label),
      datasets: paths.map((p, i) => ({
        label: p,
        data: rows.map((r) => {
          const point = r.paths.get(p);
          const top = best.get(p) ?? 0;
          return point === undefined ? null : top === 0 ? 0 : point.score / top;
        }),
        backgroundColor: PALETTE[i % PALETTE.length],
      })),
    },
    options: {
      indexAxis: 'y',
      scales: { x: { min: 0, max: 1, title: { display: true, text: "share of the path's best score" } }, y: { ticks: { font: { size: 10 } } } },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 10, font: { size: 10 } } },
        tooltip: {
          callbacks: {
            label: (ctx) => {
              const point = rows[ctx.dataIndex].paths.get(paths[ctx.datasetIndex]);
              return point ? `${paths[ctx.datasetIndex]}: rank ${point.rank}, score ${fmt(point.score)}` : '';
            },
          },
        },
      },
    },
  }, `Score per path for ${rows.length} hits; the table below has the values`);
}

function tableOf(rows: Row[], paths: string[]): HTMLElement {
  return el('table', { class: 'grid', id: 'found-grid' },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Hit' }), ...paths.map((p) => el('th', { scope: 'col', text: p })))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, el('th', { scope: 'row', text: r.label }),
      ...paths.map((p) => {
        const point = r.paths.get(p);
        return el('td', { class: 'num', text: point ? `#${point.rank} · ${fmt(point.score)}` : '–' });
      })))));
}

function rewritesOf(last: Found): HTMLElement {
  const list = el('ul', { class: 'plain' });
  for (const [collection, response] of last.searches) {
    const rewrite = (response.rewrite ?? {}) as Record<string, any>;
    // lexicalTerms: each BM25 term with its weight (expansion terms of rm3 weigh less than 1)
    const variants = (rewrite.variants ?? []) as { label: string; denseText: string; lexicalTerms: Record<string, number> }[];
    list.append(el('li', {}, el('strong', { text: `${collection}: ` }), `strategy ${rewrite.strategy ?? 'none'}`,
      el('ul', {}, ...variants.map((v) => el('li', {}, el('code', { text: v.label || 'original' }), ` dense “${v.denseText}”, terms `,
        el('code', { text: Object.entries(v.lexicalTerms ?? {}).map(([t, w]) => w === 1 ? t : `${t}^${fmt(w, 2)}`).join(' ') }))))));
  }
  for (const round of last.answer?.trace?.deep?.rounds ?? []) {
    list.append(el('li', {}, el('strong', { text: `deep round ${round.round}: ` }), (round.queries ?? []).join(' · ')));
  }
  if (!list.childElementCount) {
    list.append(el('li', { class: 'muted', text: 'No rewriting.' }));
  }
  return list;
}

function stagesOf(last: Found): HTMLElement {
  const stages = last.answer?.trace?.stages ?? [];
  if (stages.length === 0) {
    return el('p', { class: 'muted', text: last.kind === 'search' ? 'A search has no answer stages.' : 'No stages reported.' });
  }
  const list = el('ol', { class: 'plain' }, ...stages.map((s) => el('li', {},
    el('strong', { text: s.stage ?? '' }), ` ${s.outcome} in ${s.tookMs} ms `,
    el('code', { text: JSON.stringify(s.details ?? {}) }))));
  // a deep search has a retrieval stage per round and collection: a count per stage first, the list on request
  const counts = new Map<string, number>();
  stages.forEach((s) => counts.set(s.stage ?? '', (counts.get(s.stage ?? '') ?? 0) + 1));
  const summary = [...counts].map(([stage, n]) => n > 1 ? `${stage} ×${n}` : stage).join(', ');
  return el('details', { open: stages.length <= 8 }, el('summary', { text: `${stages.length} stages in ${last.answer?.trace?.totalMs ?? '?'} ms: ${summary}` }), list);
}

function drawRounds(box: HTMLElement, list: HTMLElement, last: Found): void {
  const deep = last.answer?.trace?.deep;
  const card = document.getElementById('deep-card');
  if (card) {
    card.hidden = !deep;
  }
  if (!deep) {
    return;
  }
  const rounds: RoundTrace[] = deep.rounds ?? [];
  let start = 0;
  const spans = rounds.map((r) => {
    const span: [number, number] = [start, start + (r.tookMs ?? 0)];
    start = span[1];
    return span;
  });
  chartIn(box, {
    type: 'bar',
    data: {
      labels: rounds.map((r) => `round ${r.round} · +${r.newPassages} new`),
      datasets: [{ label: 'round (ms since the search began)', data: spans, backgroundColor: rounds.map((_, i) => PALETTE[i % PALETTE.length]) }],
    },
    options: {
      indexAxis: 'y',
      scales: { x: { min: 0, title: { display: true, text: 'ms' } } },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (ctx) => `${(rounds[ctx.dataIndex].queries ?? []).join(' · ')} → +${rounds[ctx.dataIndex].newPassages} passages` } },
      },
    },
  }, `Deep search timeline of ${rounds.length} rounds; the list below has the values`);
  list.replaceChildren(
    el('p', { text: `Planner ${deep.planner}; stopped: ${deep.stopReason}; ${deep.tokensUsed} of ${deep.maxTokens} tokens, at most ${deep.maxRounds} rounds.` }),
    el('ol', { class: 'plain' }, ...rounds.map((r) => el('li', {},
      el('strong', { text: `Round ${r.round}` }), ` (${r.tookMs} ms, ${r.decision}): `,
      (r.queries ?? []).map((q) => `“${q}”`).join(', '), ` → ${r.passages} passage(s), ${r.newPassages} new`))));
}
