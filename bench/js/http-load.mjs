// HTTP load from its own process, as a client fleet would send it: autocannon with N connections.
//   node bench/js/http-load.mjs <spec.json>
// spec: { url, method, headers, body, connections, seconds | amount, paths? (a file with one path per line, used in
//         turn, one per request) }. Prints one JSON line: { requests, seconds, rps, p50, p99, max, non2xx, errors }.
import autocannon from "autocannon";
import { readFileSync } from "node:fs";

const spec = JSON.parse(readFileSync(process.argv[2], "utf8"));
const options = {
  url: spec.url,
  method: spec.method ?? "GET",
  headers: spec.headers ?? {},
  body: spec.body,
  connections: spec.amount ? Math.min(spec.connections ?? 32, spec.amount) : spec.connections ?? 32,
  timeout: 30,
};
if (spec.amount) {
  options.amount = spec.amount;
} else {
  options.duration = spec.seconds ?? 10;
}

if (spec.paths) {
  const paths = readFileSync(spec.paths, "utf8").split("\n").filter((line) => line.length > 0);
  let next = 0;
  options.requests = [{ setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }) }];
}

const started = performance.now();
const run = autocannon(options);
// A fixed number of requests is timed to its last answer: autocannon only reports on its next 1-second sample, which
// would add up to a second of idle time to the run (and its duration is rounded). A timed run ends on its own clock.
let lastAnswer = started;
if (spec.amount) {
  run.on("response", () => { lastAnswer = performance.now(); });
}
const result = await run;
const seconds = ((spec.amount ? lastAnswer : performance.now()) - started) / 1000;
process.stdout.write(JSON.stringify({
  requests: result.requests.total,
  seconds,
  rps: result.requests.total / seconds,
  p50: result.latency.p50,
  p99: result.latency.p99,
  max: result.latency.max,
  non2xx: result.non2xx,
  errors: result.errors + result.timeouts,
}) + "\n");
