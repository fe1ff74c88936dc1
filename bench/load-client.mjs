// A lean HTTP load generator, run as its own process by loadTest() in harness.ts. Why its own process and plain
// node:http: the typed client (tRPC + fetch) costs about 0.65 ms of CPU per call here, as much as the server's
// own work, and in the bench's process it also stalls the server's event loop. Real voters are browsers on other
// machines; this client keeps the measurement about the server. Plain JS so it starts without a TS loader.
//
// Input (one JSON line on stdin): { url, concurrency, requests: [{ method, path, body? }], expect?: string, headers?: {} }
// Output (one JSON line on stdout): { samples: number[] (ms, in completion order), wall: ms, failed: n, examples: string[] }
// A response counts as a failure unless its status is 2xx and, when `expect` is given, its body contains it.
import http from 'node:http';

const input = JSON.parse(await new Promise((resolve) => {
  let data = '';
  process.stdin.on('data', (c) => (data += c)).on('end', () => resolve(data));
}));
const { url, concurrency, requests } = input;
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

function send({ method, path, body }) {
  return new Promise((resolve, reject) => {
    const headers = { ...input.headers, ...(body !== undefined && { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }) };
    const req = http.request({ host: target.hostname, port: target.port, method, path, headers, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c) => (text += c)).on('end', () => resolve({ status: res.statusCode, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const samples = [];
let failed = 0;
const examples = [];
let next = 0;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < requests.length) {
      const r = requests[next++];
      const s = performance.now();
      const res = await send(r).catch((e) => ({ status: 0, text: String(e) }));
      samples.push(performance.now() - s);
      const ok = res.status >= 200 && res.status < 300 && (input.expect === undefined || res.text.includes(input.expect));
      if (ok) continue;
      failed++;
      if (examples.length < 3) examples.push(`${r.method} ${r.path}: ${res.status} ${res.text.slice(0, 200)}`);
    }
  }),
);
const wall = performance.now() - t0;
agent.destroy();
process.stdout.write(JSON.stringify({ samples, wall, failed, examples }) + '\n');
