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

/**
 * SLO health from the status: the guard's last judgment (ok, breach, inconclusive) of the
 * treated cohort against control, or "not checked" before the first sweep.
 */
export function sloHealth(status) {
  const slo = status.slo;
  const verdict = slo?.state ?? slo?.lastJudgment?.verdict;
  const reason = slo?.reason ?? slo?.lastJudgment?.reason ?? null;
  if (!slo) return { text: 'not reported', tone: 'neutral', reason };
  if (!verdict) return { text: 'not checked yet', tone: 'neutral', reason };
  const tone = verdict === 'ok' ? 'good' : verdict === 'breach' ? 'bad' : 'warn';
  return { text: verdict, tone, reason };
}

export function budgetText(budget) {
  if (!budget) return DASH;
  if (budget.limitTokens === null || budget.limitTokens === undefined)
    return `${int(budget.spentTokens)} (no limit)`;
  return `${int(budget.spentTokens)} / ${int(budget.limitTokens)}`;
}
