/**
 * The house rules that no single behaviour test would notice breaking (issue 9's "Done when"):
 * small files, a policy kind named in one place, thin Durable Objects, a core without Workers
 * APIs. Plain file reads, so a violation names the file and line to look at.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PolicyKind } from '../../src/contract/task-type';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SOURCE_FOLDERS = ['src', 'functions', 'durable-objects'];

function filesUnder(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|mts|js|mjs)$/.test(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)))
    .sort();
}

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const linesOf = (file: string) => read(file).replace(/\n$/, '').split('\n');
const sourceFiles = SOURCE_FOLDERS.flatMap(filesUnder);

describe('the house rules', () => {
  it('finds the source files it checks', () => {
    expect(sourceFiles).toContain('src/policies/registry.ts');
    expect(sourceFiles).toContain('durable-objects/task-type-optimizer.ts');
  });

  it('keeps every file of src/, functions/ and durable-objects/ at 300 lines or fewer', () => {
    const over = sourceFiles
      .map((file) => `${file}: ${linesOf(file).length} lines`)
      .filter((line) => Number(line.split(': ')[1]!.split(' ')[0]) > 300);
    expect(over).toEqual([]);
  });

  it('names a policy kind only in src/policies/ and src/contract/', () => {
    // The kinds come from the contract, so a new kind is checked without touching this test.
    const kinds = PolicyKind.options;
    expect(kinds.length).toBeGreaterThanOrEqual(3);
    const named = new RegExp(`(^|[^\\w-])(${kinds.join('|')})([^\\w-]|$)`);
    const outside = sourceFiles.filter((file) => !/^src\/(policies|contract)\//.test(file));
    const hits = outside.flatMap((file) =>
      linesOf(file).flatMap((line, i) => (named.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(hits).toEqual([]);
  });

  it('keeps every Durable Object method at 25 lines or fewer', () => {
    const objects = filesUnder('durable-objects').flatMap((file) => durableObjectMethods(file));
    expect(objects.length).toBeGreaterThan(10);
    const long = objects.filter((m) => m.lines > 25).map((m) => `${m.where} ${m.name}: ${m.lines} lines`);
    expect(long).toEqual([]);
  });

  it('keeps Workers APIs (cloudflare:*) out of src/', () => {
    const imports = filesUnder('src').filter((file) =>
      /from ['"]cloudflare:|import\(['"]cloudflare:/.test(read(file)),
    );
    expect(imports).toEqual([]);
  });
});

describe('the method scan behind the Durable Object rule', () => {
  it('measures a method from its first line to its closing brace', () => {
    const source = [
      'export class Thing extends DurableObject<Env> {',
      '  async short(x: number): Promise<number> {',
      '    return x;',
      '  }',
      '',
      '  private long(',
      '    a: string,',
      '  ): { b: string } {',
      "    if (a) { return { b: '}' }; }",
      '    return { b: a };',
      '  }',
      '}',
    ].join('\n');
    expect(methodsOf(source, 'thing.ts')).toEqual([
      { where: 'thing.ts:2', name: 'short', lines: 3 },
      { where: 'thing.ts:6', name: 'long', lines: 6 },
    ]);
  });
});

interface MethodSpan {
  where: string;
  name: string;
  lines: number;
}

function durableObjectMethods(file: string): MethodSpan[] {
  return methodsOf(read(file), file);
}

/**
 * The methods of every `extends DurableObject` class in `source`, by counting braces line by
 * line. A method starts on a line at the class body's depth that opens a parameter list; its
 * body opens on the first line of it that ends with `{`; it ends on the line that brings the
 * depth back to the class body's. An approximation: braces in quoted strings and line comments
 * are skipped, but not those in template literals or block comments (balanced ones, the usual
 * case, cancel out), and a property holding an arrow function is not counted as a method.
 */
function methodsOf(source: string, file: string): MethodSpan[] {
  const head = /^\s*(?:(?:private|protected|public|static|async|override|get|set)\s+)*(\w+)\s*(?:<[^>]*>)?\(/;
  const spans: MethodSpan[] = [];
  let depth = 0;
  let classDepth: number | null = null;
  let open: { name: string; start: number; bodyOpen: boolean } | null = null;
  source.split('\n').forEach((line, i) => {
    const code = line.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|\/\/.*$/g, '').trimEnd();
    const before = depth;
    for (const ch of code) depth += ch === '{' ? 1 : ch === '}' ? -1 : 0;
    if (classDepth === null) {
      if (/\bclass\s+\w+\s+extends\s+DurableObject\b/.test(code)) classDepth = before + 1;
      return;
    }
    const name = open === null && before === classDepth ? head.exec(code)?.[1] : undefined;
    if (name) open = { name, start: i, bodyOpen: false };
    if (open) {
      const oneLiner = !open.bodyOpen && code.endsWith('}') && depth === classDepth && code.includes('{');
      if (code.endsWith('{')) open.bodyOpen = true;
      if ((open.bodyOpen && depth === classDepth) || oneLiner) {
        spans.push({ where: `${file}:${open.start + 1}`, name: open.name, lines: i - open.start + 1 });
        open = null;
      }
    }
    if (depth < classDepth) classDepth = null;
  });
  return spans;
}
