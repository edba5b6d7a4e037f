// Collections: list, create (embedding model, language), upload files or paste text, follow the ingestion
// job until it ends with its per-document errors, delete.
import type { CollectionView, JobView } from '../../clients/typescript/src/index';
import { tenantApi } from './api';
import { collections } from './state';
import { el, field, fmt, run, say, status, when } from './ui';

// No endpoint lists the bundled models: these are text-analysis' EmbeddingModelCatalog.bundled(); the
// input takes any other name the retrieval service knows (onnx:<dir>, none).
const MODELS = ['e5-small-v2-q', 'bge-small-en-v1.5', 'bge-small-en-v1.5-q', 'all-minilm-l6-v2', 'all-minilm-l6-v2-q',
  'bge-small-zh-v1.5-q', 'none'];
const POLL_MS = 400;

export function mountCollections(root: HTMLElement): void {
  const listStatus = status();
  const table = el('table', { class: 'grid', id: 'collection-table' });
  const refresh = el('button', { type: 'button', class: 'secondary', text: 'Refresh' });

  const name = el('input', { id: 'new-collection-name', required: true, pattern: '[A-Za-z0-9][A-Za-z0-9._\\-]{0,63}', placeholder: 'handbook' });
  const language = el('input', { id: 'new-collection-language', value: 'en', size: 4, placeholder: 'en' });
  const model = el('input', { id: 'new-collection-model', list: 'embedding-models', placeholder: 'default for the language' });
  const models = el('datalist', { id: 'embedding-models' }, ...MODELS.map((m) => el('option', { value: m })));
  const create = el('button', { type: 'submit', text: 'Create collection' });
  const createStatus = status();
  const createForm = el('form', { class: 'card', id: 'create-collection' },
    el('h3', { text: 'New collection' }),
    el('div', { class: 'row' },
      field('Name', name),
      field('Language', language, 'ISO 639 code'),
      field('Embedding model', model, '"none" for BM25 only'), models),
    create, createStatus);

  const target = el('select', { id: 'ingest-collection', required: true });
  const files = el('input', { id: 'ingest-files', type: 'file', multiple: true, accept: '.txt,.md,.markdown,.html,.htm,.pdf' });
  const docId = el('input', { id: 'paste-id', placeholder: 'notes-1' });
  const docTitle = el('input', { id: 'paste-title', placeholder: 'Title (optional)' });
  const format = el('select', { id: 'paste-format' },
    el('option', { value: 'text', text: 'text' }), el('option', { value: 'markdown', text: 'markdown' }),
    el('option', { value: 'html', text: 'html' }));
  const text = el('textarea', { id: 'paste-text', rows: 5, placeholder: 'Paste a document here…' });
  const ingest = el('button', { type: 'submit', text: 'Ingest' });
  const ingestStatus = status();
  const progress = el('progress', { id: 'job-progress', max: 1, value: 0, hidden: true, 'aria-label': 'Ingestion progress' });
  const jobErrors = el('ul', { class: 'errors', id: 'job-errors' });
  const ingestForm = el('form', { class: 'card', id: 'ingest' },
    el('h3', { text: 'Add documents' }),
    field('Into collection', target),
    field('Files', files, 'txt, md, html or pdf; each file becomes a document named after it'),
    el('p', { class: 'or', text: 'or paste text' }),
    el('div', { class: 'row' }, field('Document id', docId), field('Title', docTitle), field('Format', format)),
    field('Text', text),
    ingest, progress, ingestStatus, jobErrors);

  root.append(
    el('div', { class: 'section-head' }, el('h2', { text: 'Collections' }), refresh),
    listStatus, el('div', { class: 'scroll' }, table), el('div', { class: 'cards' }, createForm, ingestForm));

  const load = () => run(refresh, listStatus, async () => {
    const list = await tenantApi.collections().listCollections();
    collections.set(list);
    say(listStatus, list.length === 0 ? 'No collections yet: create one below.' : `${list.length} collection(s).`);
  });

  collections.subscribe((list) => {
    renderTable(table, list, listStatus, load);
    const selected = target.value;
    target.replaceChildren(...list.map((c) => el('option', { value: c.name!, text: c.name! })));
    if (list.some((c) => c.name === selected)) {
      target.value = selected;
    }
  });

  refresh.addEventListener('click', () => void load());
  createForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void run(create, createStatus, async () => {
      const made = await tenantApi.collections().createCollection({
        createCollection: { name: name.value.trim(), language: language.value.trim() || undefined, embeddingModel: model.value.trim() || undefined },
      });
      say(createStatus, `Created ${made.name} (${made.embeddingModel}, ${made.language}).`, 'ok');
      name.value = '';
      await load();
      target.value = made.name!;
    });
  });
  ingestForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void run(ingest, ingestStatus, async () => {
      jobErrors.replaceChildren();
      const collection = target.value;
      if (!collection) {
        say(ingestStatus, 'Create a collection first.', 'error');
        return;
      }
      const chosen = Array.from(files.files ?? []);
      if (chosen.length === 0 && !text.value.trim()) {
        say(ingestStatus, 'Choose files or paste some text.', 'error');
        return;
      }
      const accepted = chosen.length > 0 ? await upload(collection, chosen) : await tenantApi.documents().ingestDocuments({
        collection,
        documentBatch: { documents: [{ id: docId.value.trim() || `pasted-${Date.now().toString(36)}`, title: docTitle.value.trim() || undefined,
          text: text.value, format: format.value }] },
      });
      say(ingestStatus, `Job ${accepted.jobId} ${accepted.state}: ${accepted.total} document(s).`);
      const job = await follow(accepted.jobId!, progress, ingestStatus);
      showErrors(jobErrors, job);
      if (job.state !== 'failed') {
        files.value = '';
        text.value = '';
        docId.value = '';
        docTitle.value = '';
      }
      await load();
    });
  });
  void load();
}

/** Multipart upload through the generated client: its JSON body is swapped for the form, its headers kept. */
async function upload(collection: string, chosen: File[]) {
  const form = new FormData();
  chosen.forEach((file) => form.append('files', file, file.name));
  return tenantApi.documents().ingestDocuments({ collection, documentBatch: { documents: [] } }, async ({ init }) => {
    const headers = { ...(init.headers as Record<string, string>) };
    delete headers['Content-Type'];
    return { headers, body: form };
  });
}

/** Polls the job until it leaves queued/running, showing its progress. */
async function follow(jobId: string, progress: HTMLProgressElement, line: HTMLElement): Promise<JobView> {
  progress.hidden = false;
  progress.value = 0;
  for (;;) {
    const job = await tenantApi.documents().getIngestionJob({ jobId });
    progress.value = job.progress ?? 0;
    const counts = `${job.succeeded ?? 0} of ${job.total ?? 0} done${job.failed ? `, ${job.failed} failed` : ''}`;
    if (job.state !== 'queued' && job.state !== 'running') {
      say(line, `Job ${job.state}: ${counts}.`, job.state === 'succeeded' && !job.failed ? 'ok' : 'error');
      line.dataset.state = job.state;
      return job;
    }
    say(line, `Job ${job.state}: ${counts} (${Math.round((job.progress ?? 0) * 100)} %).`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function showErrors(list: HTMLElement, job: JobView): void {
  list.replaceChildren(...(job.errors ?? []).map((e) => el('li', {}, el('strong', { text: e.documentId ?? '(document)' }), `: ${e.message}`)));
}

function renderTable(table: HTMLTableElement, list: CollectionView[], line: HTMLElement, reload: () => Promise<unknown>): void {
  const head = el('tr', {}, ...['Name', 'Embedding model', 'Language', 'Documents', 'Chunks', 'Created', ''].map((h) => el('th', { scope: 'col', text: h })));
  const rows = list.map((c) => {
    const remove = el('button', { type: 'button', class: 'danger', text: 'Delete', 'aria-label': `Delete collection ${c.name}` });
    let armed = false;
    remove.addEventListener('click', () => {
      if (!armed) {
        // a second press confirms: no modal dialog, and the keyboard path stays the same
        armed = true;
        remove.textContent = 'Confirm delete';
        setTimeout(() => { armed = false; remove.textContent = 'Delete'; }, 5000);
        return;
      }
      void run(remove, line, async () => {
        await tenantApi.collections().deleteCollection({ name: c.name! });
        say(line, `Deleted ${c.name}.`, 'ok');
        await reload();
      });
    });
    return el('tr', {},
      el('th', { scope: 'row', text: c.name ?? '' }),
      el('td', { text: c.embeddingModel ?? '' }),
      el('td', { text: c.language ?? '' }),
      el('td', { class: 'num', text: fmt(c.documentCount, 0) }),
      el('td', { class: 'num', text: fmt(c.chunkCount, 0) }),
      el('td', { text: when(c.createdAt) }),
      el('td', {}, remove));
  });
  table.replaceChildren(el('thead', {}, head), el('tbody', {}, ...rows));
}
