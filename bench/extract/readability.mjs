// The peer: Mozilla Readability.js on linkedom's DOM (the pairing the issue
// names), over the same pages and rounds as bench_extract, each page read from
// disk when it is used and the time counted in processor time, like it.
//   node readability.mjs ROUNDS FILE...
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Readability } = require('@mozilla/readability');
const { parseHTML } = require('linkedom');

const rounds = Number(process.argv[2]);
const files = process.argv.slice(3);
const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
let failures = 0;
const start = process.cpuUsage();
for (let r = 0; r < rounds; r++) {
  // Read from disk as they are used, as bench_extract does.
  for (const file of files) {
    try {
      const html = fs.readFileSync(file, 'utf8');
      const { document } = parseHTML(html);
      if (!new Readability(document).parse()) failures++;
    } catch (e) {
      failures++;
    }
  }
}
const used = process.cpuUsage(start);
const secs = (used.user + used.system) / 1e6;
const total = files.length * rounds;
console.log(`readability: ${files.length} pages x ${rounds} rounds in ${secs.toFixed(2)} s of CPU: ` +
  `${(total / secs).toFixed(1)} pages/s, ${(bytes * rounds / secs / 1e6).toFixed(1)} MB/s, ` +
  `${failures / rounds} failures`);
