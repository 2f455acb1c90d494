// Number formatting shared by the views; "—" stands for "not known yet".

export const DASH = '—';

export function num(value, digits = 3) {
  return value === null || value === undefined || Number.isNaN(value) ? DASH : Number(value).toFixed(digits);
}

export function int(value) {
  return value === null || value === undefined ? DASH : Math.round(value).toLocaleString('en-US');
}

export function pct(value, digits = 1) {
  return value === null || value === undefined ? DASH : `${(value * 100).toFixed(digits)} %`;
}

export function interval(iv, digits = 3) {
  return iv ? `${num(iv.mean, digits)} [${num(iv.low, digits)}, ${num(iv.high, digits)}]` : DASH;
}

/** Builds an element: el('td', { class: 'x', dataset: { field: 'pulls' } }, 'text', child). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function badge(text, tone = 'neutral') {
  return el('span', { class: `badge ${tone}` }, text);
}

export const PHASE_TONE = { shadow: 'neutral', canary: 'info', guarded: 'warn', general: 'good' };
export const BUDGET_TONE = { ok: 'good', warning: 'warn', exhausted: 'bad' };

/** SLO health as the status reports it, or "not reported" while the guards do not report it. */
export function sloHealth(status) {
  const slo = status.slo;
  if (!slo?.state) return { text: 'not reported', tone: 'neutral' };
  const tone = slo.state === 'ok' ? 'good' : slo.state === 'breach' ? 'bad' : 'warn';
  return { text: slo.state, tone, reason: slo.reason };
}

export function budgetText(budget) {
  if (!budget) return DASH;
  if (budget.limitTokens === null || budget.limitTokens === undefined)
    return `${int(budget.spentTokens)} (no limit)`;
  return `${int(budget.spentTokens)} / ${int(budget.limitTokens)}`;
}
