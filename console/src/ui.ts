// Small DOM helpers: elements built with textContent (never innerHTML, so no API text becomes markup),
// a page-wide banner for problems that concern the whole page (a rejected key, a rate limit) and a
// runner that disables a control while its call is in flight.
import { ApiProblem, toProblem } from './api';

type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | number | boolean | EventListener | undefined>;

/** {@code el('button', {type: 'button', onclick: f}, 'Save')}; false/undefined attributes are left out. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) {
      continue;
    }
    if (typeof value === 'function') {
      node.addEventListener(name.replace(/^on/, ''), value);
    } else if (name === 'text') {
      node.textContent = String(value);
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child);
    }
  }
  return node;
}

/** A labelled form field: {@code field('Name', input)}. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  return el('div', { class: 'field' },
    el('label', { for: id, text: label }),
    control,
    hint ? el('small', { text: hint }) : null);
}

let retryTimer: number | undefined;

/** Shows a problem in the page-wide banner; a 429 counts down to when a retry is allowed. */
export function showBanner(problem: ApiProblem | string, kind: 'error' | 'info' = 'error'): void {
  const banner = document.getElementById('banner')!;
  window.clearInterval(retryTimer);
  banner.className = `banner ${kind}`;
  banner.hidden = false;
  if (typeof problem === 'string') {
    banner.textContent = problem;
    return;
  }
  const render = (left: number | null) => {
    const text = problem.status === 429 && left !== null
      ? (left > 0 ? `Too many requests. Retry in ${left} s.` : 'Too many requests. You can retry now.')
      : problem.text();
    banner.textContent = problem.requestId ? `${text} (request ${problem.requestId})` : text;
  };
  let left = problem.retryAfterSeconds;
  render(left);
  if (problem.status === 429 && left !== null && left > 0) {
    retryTimer = window.setInterval(() => {
      left = Math.max(0, (left ?? 0) - 1);
      render(left);
      if (left === 0) {
        window.clearInterval(retryTimer);
      }
    }, 1000);
  }
}

export function hideBanner(): void {
  const banner = document.getElementById('banner')!;
  window.clearInterval(retryTimer);
  banner.hidden = true;
  banner.textContent = '';
}

/**
 * Runs {@code action} with {@code control} disabled; a failure is shown in {@code status} (and, for a
 * rejected key or a rate limit, in the banner as well). Returns the action's result or undefined.
 */
export async function run<T>(control: HTMLButtonElement | null, status: HTMLElement | null,
  action: () => Promise<T>): Promise<T | undefined> {
  if (control) {
    control.disabled = true;
  }
  try {
    const result = await action();
    return result;
  } catch (error) {
    const problem = await toProblem(error);
    if (status) {
      status.className = 'status error';
      status.textContent = problem.text();
    }
    if (problem.status === 401 || problem.status === 429 || problem.status === 0) {
      showBanner(problem);
    }
    return undefined;
  } finally {
    if (control) {
      control.disabled = false;
    }
  }
}

/** Sets a status line's text and tone. */
export function say(status: HTMLElement, text: string, tone: 'ok' | 'info' | 'error' = 'info'): void {
  status.className = `status ${tone}`;
  status.textContent = text;
}

export function status(): HTMLElement {
  return el('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
}

/** A time as the user reads it: local date and time to the second. */
export function when(value: Date | string | undefined | null): string {
  if (!value) {
    return '';
  }
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toLocaleString(undefined, {
    year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
}

export function fmt(value: number | undefined | null, digits = 4): string {
  return value === undefined || value === null || Number.isNaN(value) ? '–' : Number(value.toFixed(digits)).toString();
}
