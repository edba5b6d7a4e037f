// The console's entry point: the key bar, the section tabs (arrow keys move between them, as the ARIA
// tabs pattern has it) and the five sections.
import { mountAdmin } from './admin';
import { storeKey, storedKey, tenantApi, toProblem } from './api';
import { mountAsk } from './ask';
import { mountCollections } from './collections';
import { mountFound } from './found';
import { mountMemory } from './memory';
import { collections, found, navigate } from './state';
import { el, hideBanner, showBanner } from './ui';

const SECTIONS = ['collections', 'ask', 'found', 'memory', 'admin'];

function tabs(): void {
  const list = SECTIONS.map((id) => document.getElementById(`tab-${id}`) as HTMLButtonElement);
  const select = (id: string, focus = false) => {
    SECTIONS.forEach((other, i) => {
      const on = other === id;
      list[i].setAttribute('aria-selected', String(on));
      list[i].tabIndex = on ? 0 : -1;
      document.getElementById(other)!.hidden = !on;
    });
    if (focus) {
      list[SECTIONS.indexOf(id)].focus();
    }
  };
  list.forEach((tab, i) => {
    tab.addEventListener('click', () => navigate.set(SECTIONS[i]));
    tab.addEventListener('keydown', (event) => {
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      const jump = event.key === 'Home' ? 0 : event.key === 'End' ? SECTIONS.length - 1 : -1;
      if (step !== 0 || jump >= 0) {
        event.preventDefault();
        const next = jump >= 0 ? jump : (i + step + SECTIONS.length) % SECTIONS.length;
        navigate.set(SECTIONS[next]);
        select(SECTIONS[next], true);
      }
    });
  });
  navigate.subscribe((id) => select(id));
}

/**
 * Checks the stored key with whoami and says whose it is; a rejected key is dropped with a clear message.
 * Returns the key's tenant, or null without a usable tenant key.
 */
async function identify(): Promise<string | null> {
  const identity = document.getElementById('identity')!;
  if (!storedKey('tenant')) {
    identity.textContent = 'No key yet: paste a tenant API key to start.';
    return null;
  }
  try {
    const who = await tenantApi.whoAmI();
    if (who.platformAdmin) {
      storeKey('admin', storedKey('tenant'));
      storeKey('tenant', null);
      identity.textContent = 'That is the platform admin key: it was moved to the Admin section. Paste a tenant key for the rest.';
      navigate.set('admin');
      return null;
    }
    identity.textContent = `Tenant ${who.tenantId} · key ${who.keyId} · scopes ${[...(who.scopes ?? [])].sort().join(', ')}`;
    identity.dataset.tenant = who.tenantId ?? '';
    hideBanner();
    return who.tenantId ?? null;
  } catch (error) {
    const problem = await toProblem(error);
    if (problem.status === 401) {
      storeKey('tenant', null);
    }
    identity.textContent = problem.status === 401 ? 'Key rejected: paste a valid tenant API key.' : 'Could not check the key.';
    showBanner(problem);
    return null;
  }
}

function keyBar(onIdentity: (tenant: string | null) => void): void {
  const form = document.getElementById('key-form') as HTMLFormElement;
  const input = document.getElementById('api-key') as HTMLInputElement;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) {
      showBanner('Paste an API key first.');
      input.focus();
      return;
    }
    storeKey('tenant', key);
    input.value = '';
    onIdentity(await identify());
  });
  document.getElementById('forget-key')!.addEventListener('click', async () => {
    storeKey('tenant', null);
    onIdentity(await identify());
  });
}

/** What the console does, until a key is pasted. */
function welcome(): HTMLElement {
  const sections: [string, string][] = [
    ['Collections', 'create collections, upload txt, md, html or pdf files or paste text, and follow each ingestion job.'],
    ['Ask', 'ask over your collections and a memory namespace, fast or deep; the answer streams in and its citations open the quoted passage.'],
    ['How it was found', 'each hit\'s rank and score on every path (dense, BM25, fused, reranked, memory), the rewritten queries and deep-search rounds.'],
    ['Memory', 'stream events into a namespace and watch facts on a time axis: superseded chains, abstractions, provenance, compression.'],
    ['Admin', 'with the platform admin key: tenants, API keys and rate limits.'],
  ];
  return el('div', { class: 'card welcome', id: 'collections-hint' },
    el('h2', { text: 'Welcome' }),
    el('p', { text: 'Paste a tenant API key above to start: scripts/up writes one to .engram/local.env (ENGRAM_API_KEY). '
      + 'The key stays in this tab only and is sent only in the Authorization header.' }),
    el('ul', { class: 'plain' }, ...sections.map(([name, what]) => el('li', {}, el('strong', { text: `${name}: ` }), what))));
}

const TENANT_SECTIONS = ['collections', 'ask', 'found', 'memory'];

/**
 * (Re)builds the sections that show a tenant's data: on start and whenever the key's tenant changes or the
 * key is gone, so that nothing of one tenant stays on the page under another's key.
 */
function mountTenantSections(tenant: string | null): void {
  collections.reset([]);
  found.reset(null);
  TENANT_SECTIONS.forEach((id) => document.getElementById(id)!.replaceChildren());
  mountAsk(document.getElementById('ask')!);
  mountFound(document.getElementById('found')!);
  mountMemory(document.getElementById('memory')!);
  if (tenant) {
    mountCollections(document.getElementById('collections')!);
  } else {
    document.getElementById('collections')!.append(welcome());
  }
}

function start(): void {
  tabs();
  mountAdmin(document.getElementById('admin')!);
  let shown: string | null = null;
  mountTenantSections(null);
  const onIdentity = (tenant: string | null) => {
    if (tenant !== shown) {
      shown = tenant;
      mountTenantSections(tenant);
    } else if (tenant) {
      document.querySelector<HTMLButtonElement>('#collections .section-head button')?.click();
    }
  };
  keyBar(onIdentity);
  void identify().then(onIdentity);
}

start();
