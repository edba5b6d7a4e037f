// Admin, with the platform admin key (kept apart from the tenant key): tenants, their keys (a new key's
// secret is shown once, here, and never stored) and their rate limits.
import type { KeyView, Tenant } from '../../clients/typescript/src/index';
import { adminApi, storeKey, storedKey } from './api';
import { el, field, fmt, run, say, status, when } from './ui';

const SCOPES = ['read', 'write', 'admin'];

export function mountAdmin(root: HTMLElement): void {
  const key = el('input', { id: 'admin-key', type: 'password', autocomplete: 'off', spellcheck: 'false', placeholder: 'platform admin key' });
  const use = el('button', { type: 'submit', id: 'admin-use', text: 'Use admin key' });
  const forget = el('button', { type: 'button', class: 'secondary', text: 'Forget', onclick: () => { storeKey('admin', null); say(keyLine, 'Admin key forgotten.'); tenantsTable.replaceChildren(); } });
  const keyLine = status();
  const keyForm = el('form', { class: 'card', id: 'admin-key-form' },
    el('div', { class: 'row' }, field('Admin key', key, 'kept in this tab only (sessionStorage)')), el('div', { class: 'actions' }, use, forget), keyLine);

  const tenantsTable = el('table', { class: 'grid', id: 'tenants' });
  const tenantId = el('input', { id: 'tenant-id', required: true, placeholder: 'acme' });
  const tenantName = el('input', { id: 'tenant-name', placeholder: 'Acme Corp' });
  const rps = el('input', { id: 'tenant-rps', type: 'number', min: 0, step: 'any', placeholder: 'default' });
  const burst = el('input', { id: 'tenant-burst', type: 'number', min: 0, step: 1, placeholder: 'default' });
  const create = el('button', { type: 'submit', text: 'Create tenant' });
  const createLine = status();
  const createForm = el('form', { class: 'card', id: 'tenant-form' }, el('h3', { text: 'New tenant' }),
    el('div', { class: 'row' }, field('Id', tenantId), field('Name', tenantName), field('Requests per second', rps), field('Burst', burst)),
    create, createLine);

  const panel = el('section', { class: 'card', id: 'tenant-panel', hidden: true, tabindex: -1, 'aria-label': 'Tenant' });

  root.append(el('div', { class: 'section-head' }, el('h2', { text: 'Admin' })), keyForm,
    el('div', { class: 'card' }, el('h3', { text: 'Tenants' }), el('div', { class: 'scroll' }, tenantsTable)), createForm, panel);

  const load = () => run(use, keyLine, async () => {
    const tenants = await adminApi().listTenants();
    say(keyLine, `${tenants.length} tenant(s).`, 'ok');
    renderTenants(tenantsTable, tenants, (t) => void openTenant(panel, t, load));
  });

  keyForm.addEventListener('submit', (event) => {
    event.preventDefault();
    if (key.value.trim()) {
      storeKey('admin', key.value.trim());
      key.value = '';
    }
    if (!storedKey('admin')) {
      say(keyLine, 'Paste the platform admin key first.', 'error');
      return;
    }
    void load();
  });
  createForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void run(create, createLine, async () => {
      const limit = rps.value || burst.value ? { requestsPerSecond: rps.value ? Number(rps.value) : undefined, burst: burst.value ? Number(burst.value) : undefined } : undefined;
      const made = await adminApi().createTenant({ createTenant: { id: tenantId.value.trim(), name: tenantName.value.trim() || undefined, rateLimit: limit } });
      say(createLine, `Created tenant ${made.id}.`, 'ok');
      tenantId.value = '';
      tenantName.value = '';
      await load();
      await openTenant(panel, made, load);
    });
  });
  if (storedKey('admin')) {
    void load();
  }
}

function renderTenants(table: HTMLTableElement, tenants: Tenant[], open: (t: Tenant) => void): void {
  table.replaceChildren(
    el('thead', {}, el('tr', {}, ...['Id', 'Name', 'Rate limit', 'Created', ''].map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, ...tenants.map((t) => el('tr', {},
      el('th', { scope: 'row', text: t.id ?? '' }), el('td', { text: t.name ?? '' }),
      el('td', { text: t.rateLimit ? `${fmt(t.rateLimit.requestsPerSecond, 2)}/s, burst ${fmt(t.rateLimit.burst, 0)}` : 'default' }),
      el('td', { text: when(t.createdAt) }),
      el('td', {}, el('button', { type: 'button', class: 'secondary', text: 'Keys and limits', 'aria-label': `Keys and limits of ${t.id}`, onclick: () => open(t) }))))));
}

async function openTenant(panel: HTMLElement, tenant: Tenant, reload: () => Promise<unknown>): Promise<void> {
  const id = tenant.id!;
  panel.hidden = false;
  const line = status();
  const keys = el('table', { class: 'grid', id: 'tenant-keys' });
  const secret = el('div', { class: 'secret', id: 'new-key-secret', role: 'alert', hidden: true });

  const keyName = el('input', { id: 'key-name', required: true, placeholder: 'ci' });
  const scopeBoxes = SCOPES.map((s) => el('input', { type: 'checkbox', id: `scope-${s}`, value: s, checked: s !== 'admin' }));
  const expires = el('input', { id: 'key-expires', type: 'datetime-local' });
  const createKey = el('button', { type: 'submit', text: 'Create key' });
  const keyForm = el('form', { id: 'key-form-admin' }, el('h4', { text: 'New key' }),
    el('div', { class: 'row' }, field('Name', keyName),
      el('fieldset', { class: 'picks' }, el('legend', { text: 'Scopes' }),
        ...scopeBoxes.map((b) => el('label', { for: b.id }, b, ` ${b.value}`))),
      field('Expires (optional)', expires)), createKey);

  const rps = el('input', { id: 'limit-rps', type: 'number', min: 0, step: 'any', value: tenant.rateLimit?.requestsPerSecond ?? '' });
  const burst = el('input', { id: 'limit-burst', type: 'number', min: 0, step: 1, value: tenant.rateLimit?.burst ?? '' });
  const setLimit = el('button', { type: 'submit', text: 'Set rate limit' });
  const limitForm = el('form', { id: 'limit-form' }, el('h4', { text: 'Rate limit' }),
    el('div', { class: 'row' }, field('Requests per second', rps), field('Burst', burst)), setLimit);

  const loadKeys = () => run(null, line, async () => {
    const list = await adminApi().listApiKeys({ tenant: id });
    renderKeys(keys, list, id, line, loadKeys);
  });

  keyForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void run(createKey, line, async () => {
      const made = await adminApi().createApiKey({ tenant: id, createKey: {
        name: keyName.value.trim(),
        scopes: new Set(scopeBoxes.filter((b) => b.checked).map((b) => b.value)),
        expiresAt: expires.value ? new Date(expires.value) : undefined,
      } });
      // shown once: the page keeps it nowhere else, and the gateway stores only its hash
      const value = el('code', { text: made.key ?? '' });
      const copy = el('button', { type: 'button', class: 'secondary', text: 'Copy', onclick: () => void navigator.clipboard?.writeText(made.key ?? '') });
      const hide = el('button', { type: 'button', class: 'secondary', text: 'Done, hide it', onclick: () => { secret.hidden = true; secret.replaceChildren(); } });
      secret.replaceChildren(el('p', { text: `Key ${made.id} for ${id}: copy it now, it is shown only once.` }), value, copy, hide);
      secret.hidden = false;
      keyName.value = '';
      await loadKeys();
    });
  });
  limitForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void run(setLimit, line, async () => {
      await adminApi().setTenantRateLimit({ tenant: id, rateLimitOverride: { requestsPerSecond: Number(rps.value), burst: Number(burst.value) } });
      say(line, `Rate limit of ${id} set to ${rps.value}/s, burst ${burst.value}.`, 'ok');
      await reload();
    });
  });

  panel.replaceChildren(el('h3', { text: `Tenant ${id}` }), secret, el('div', { class: 'scroll' }, keys), keyForm, limitForm, line,
    el('button', { type: 'button', class: 'secondary', text: 'Close', onclick: () => { panel.hidden = true; } }));
  await loadKeys();
  panel.focus();
}

function renderKeys(table: HTMLTableElement, list: KeyView[], tenant: string, line: HTMLElement, reload: () => Promise<unknown>): void {
  table.replaceChildren(
    el('thead', {}, el('tr', {}, ...['Id', 'Name', 'Scopes', 'Created', 'Last used', 'Expires', 'State', ''].map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, ...list.map((k) => el('tr', {},
      el('th', { scope: 'row' }, el('code', { text: k.id ?? '' })), el('td', { text: k.name ?? '' }),
      el('td', { text: [...(k.scopes ?? [])].sort().join(', ') }), el('td', { text: when(k.createdAt) }),
      el('td', { text: when(k.lastUsedAt) || 'never' }), el('td', { text: when(k.expiresAt) || 'never' }),
      el('td', { text: k.revokedAt ? `revoked ${when(k.revokedAt)}` : 'active' }),
      el('td', {}, k.revokedAt ? '' : el('button', { type: 'button', class: 'danger', text: 'Revoke', 'aria-label': `Revoke key ${k.id}`,
        onclick: (event: Event) => void run(event.currentTarget as HTMLButtonElement, line, async () => {
          await adminApi().revokeApiKey({ tenant, id: k.id! });
          say(line, `Key ${k.id} revoked.`, 'ok');
          await reload();
        }) }))))));
}
