// A tiny element builder: h('div', { class: 'x' }, 'text', child). Text is always a text node, so
// trace strings never become markup.

type Child = Node | string | number | null | undefined | false;

/** Creates an element with attributes (and `on*` listeners) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Record<string, string | number | boolean | EventListener | undefined> | null,
  ...children: Child[]
): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Record<string, string | number | boolean | EventListener | undefined> | null, ...children: Child[]): HTMLElement;
export function h(tag: string, attrs: Record<string, string | number | boolean | EventListener | undefined> | null = null, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(typeof c === 'number' ? String(c) : c);
  return el;
}

/** A two-column table of label → value. */
export function table(rows: [string, string | Node][]): HTMLTableElement {
  return h('table', { class: 'kv' }, ...rows.map(([k, v]) => h('tr', null, h('th', null, k), h('td', null, v))));
}
