// The peer: Mozilla Readability.js on linkedom's DOM, over the same pages and
// rounds as bench_extract, timed in processor time like it.
//   node readability.mjs ROUNDS FILE...
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Readability } = require('@mozilla/readability');
const { parseHTML } = require('linkedom');

const rounds = Number(process.argv[2]);
const files = process.argv.slice(3);
const pages = files.map((f) => fs.readFileSync(f, 'utf8'));
const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
let failures = 0;
const start = process.cpuUsage();
for (let r = 0; r < rounds; r++) {
  for (const html of pages) {
    try {
      const { document } = parseHTML(html);
      if (!new Readability(document).parse()) failures++;
    } catch (e) {
      failures++;
    }
  }
}
const used = process.cpuUsage(start);
const secs = (used.user + used.system) / 1e6;
const total = pages.length * rounds;
console.log(`readability: ${pages.length} pages x ${rounds} rounds in ${secs.toFixed(2)} s of CPU: ` +
  `${(total / secs).toFixed(1)} pages/s, ${(bytes * rounds / secs / 1e6).toFixed(1)} MB/s, ` +
  `${failures / rounds} failures`);
