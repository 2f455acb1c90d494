/**
 * A small reader of the Prometheus text exposition format (0.0.4), written from the format's
 * description independently of the renderer, so the tests check the text rather than echo it.
 */
export interface ParsedFamily {
  type: string | null;
  help: string | null;
  samples: { labels: Record<string, string>; value: number }[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

export function parsePrometheusText(text: string): Map<string, ParsedFamily> {
  const families = new Map<string, ParsedFamily>();
  const family = (name: string) => {
    const found = families.get(name);
    if (found) return found;
    const fresh: ParsedFamily = { type: null, help: null, samples: [] };
    families.set(name, fresh);
    return fresh;
  };
  if (!text.endsWith('\n')) throw new Error('exposition must end with a line feed');
  for (const line of text.slice(0, -1).split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      if (!NAME.test(meta[2]!)) throw new Error(`bad metric name in: ${line}`);
      if (meta[1] === 'TYPE') family(meta[2]!).type = meta[3]!;
      else family(meta[2]!).help = meta[3]!;
      continue;
    }
    if (line.startsWith('#')) continue;
    const { name, labels, rest } = readSample(line);
    const value = Number(rest.trim().split(/\s+/)[0]!.replace('+Inf', 'Infinity'));
    if (Number.isNaN(value) && !rest.includes('NaN')) throw new Error(`bad value in: ${line}`);
    family(name).samples.push({ labels, value });
  }
  return families;
}

function readSample(line: string): { name: string; labels: Record<string, string>; rest: string } {
  const brace = line.indexOf('{');
  const space = line.indexOf(' ');
  if (brace === -1 || (space !== -1 && space < brace)) {
    const name = line.slice(0, space);
    if (!NAME.test(name)) throw new Error(`bad sample: ${line}`);
    return { name, labels: {}, rest: line.slice(space + 1) };
  }
  const name = line.slice(0, brace);
  if (!NAME.test(name)) throw new Error(`bad sample: ${line}`);
  const labels: Record<string, string> = {};
  let i = brace + 1;
  while (line[i] !== '}') {
    const eq = line.indexOf('=', i);
    const key = line.slice(i, eq);
    if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(key) || line[eq + 1] !== '"') throw new Error(`bad label: ${line}`);
    let j = eq + 2;
    let value = '';
    while (line[j] !== '"') {
      if (j >= line.length) throw new Error(`unterminated label value: ${line}`);
      if (line[j] === '\\') {
        const next = line[j + 1];
        value += next === 'n' ? '\n' : next;
        j += 2;
      } else value += line[j++];
    }
    labels[key] = value;
    i = j + 1;
    if (line[i] === ',') i++;
  }
  return { name, labels, rest: line.slice(i + 1) };
}
