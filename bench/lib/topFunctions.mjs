#!/usr/bin/env node
// Prints where a V8 CPU profile (node --cpu-prof) spends its time: self time per function, and total
// (inclusive) time per function, the top N of each. Usage: node bench/lib/topFunctions.mjs FILE [N]
import { readFileSync } from 'node:fs';

export function topFunctions(profile, n = 25) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++)
    self.set(samples[i], (self.get(samples[i]) ?? 0) + (deltas[i] ?? 0));
  const key = (node) => {
    const f = node.callFrame;
    const file = f.url.split('/').slice(-2).join('/');
    return `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
  };
  const selfBy = new Map();
  const totalBy = new Map();
  let all = 0;
  for (const [id, us] of self) {
    all += us;
    const node = byId.get(id);
    selfBy.set(key(node), (selfBy.get(key(node)) ?? 0) + us);
    // Inclusive: charge every distinct function on the stack once.
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const k = key(byId.get(at));
      if (seen.has(k)) continue;
      seen.add(k);
      totalBy.set(k, (totalBy.get(k) ?? 0) + us);
    }
  }
  const top = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({ name, ms: us / 1000, share: us / all }));
  return { totalMs: all / 1000, self: top(selfBy), inclusive: top(totalBy) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, n = '25'] = process.argv.slice(2);
  const result = topFunctions(JSON.parse(readFileSync(file, 'utf8')), Number(n));
  const print = (title, rows) => {
    console.log(`\n${title} (of ${result.totalMs.toFixed(0)} ms sampled)`);
    for (const row of rows)
      console.log(
        `${row.ms.toFixed(1).padStart(9)} ms ${(row.share * 100).toFixed(1).padStart(5)}%  ${row.name}`,
      );
  };
  print('self time', result.self);
  print('inclusive time', result.inclusive);
}
