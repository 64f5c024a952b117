// One update fanned out to many live subscribers: opens N @microsoft/signalr connections to the hub with a live token
// of one session, then makes one change to that session and times its arrival at every client from the moment the
// change was asked for.
//   node bench/js/hub-fanout.mjs <base url> <secret key> <session id> <clients> [processes]
// The clients are spread over [processes] Node processes (default 1). A real fleet is that many phones and screens, each
// handling its own message; one Node process handles its clients' messages one after another, so with one process the
// last arrival also measures that queue. Every process times on the machine's monotonic clock (process.hrtime), which
// all processes share.
// Prints one JSON line: { clients, processes, delivered, p50, p99, max, connectSeconds }.
import * as signalR from "@microsoft/signalr";
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

const quiet = { log() {} };
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

/** Connects <count> clients; resolves with a function that waits for their arrivals (monotonic ms), up to a deadline. */
async function subscribe(baseUrl, token, count) {
  const arrivals = [];
  const connections = [];
  for (let start = 0; start < count; start += 50) {
    const batch = [];
    for (let i = start; i < Math.min(count, start + 50); i++) {
      const connection = new signalR.HubConnectionBuilder()
        .withUrl(`${baseUrl}/hubs/events`, { accessTokenFactory: () => token, transport: signalR.HttpTransportType.WebSockets, skipNegotiation: true })
        .configureLogging(quiet)
        .build();
      let heard = false;
      connection.on("event", () => {
        if (!heard) {
          heard = true;
          arrivals.push(nowMs());
        }
      });
      connections.push(connection);
      batch.push(connection.start());
    }
    await Promise.all(batch);
  }

  return {
    async heard(deadlineMs) {
      while (arrivals.length < count && nowMs() < deadlineMs) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return arrivals;
    },
    stop: () => Promise.all(connections.map((c) => c.stop().catch(() => {}))),
  };
}

if (process.argv[2] === "--worker") {
  // A child: connect, say ready, wait for the deadline the parent sends, report arrivals.
  const [, , , baseUrl, token, countArg] = process.argv;
  const clients = await subscribe(baseUrl, token, Number(countArg));
  process.once("message", async ({ deadline }) => {
    const arrivals = await clients.heard(deadline);
    process.send({ arrivals }, async () => {
      await clients.stop();
      process.exit(0);
    });
  });
  process.send({ ready: true });
} else {
  const [baseUrl, apiKey, sessionId, clientsArg, processesArg] = process.argv.slice(2);
  const clients = Number(clientsArg);
  const processes = Math.max(1, Math.min(clients, Number(processesArg ?? 1)));

  const tokenAnswer = await fetch(`${baseUrl}/session/${sessionId}/live-token`, { method: "POST", headers: { "X-Api-Key": apiKey } });
  if (!tokenAnswer.ok) {
    throw new Error(`live-token answered ${tokenAnswer.status}: ${await tokenAnswer.text()}`);
  }
  const { token } = await tokenAnswer.json();

  const connectStarted = nowMs();
  const share = (i) => Math.floor(clients / processes) + (i < clients % processes ? 1 : 0);
  const children = [];
  for (let i = 0; i < processes; i++) {
    const child = fork(fileURLToPath(import.meta.url), ["--worker", baseUrl, token, String(share(i))], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
    children.push({ child, ready: new Promise((resolve, reject) => {
      child.once("message", resolve);
      child.once("exit", (code) => reject(new Error(`a client process exited ${code} before it was ready`)));
    }) });
  }
  await Promise.all(children.map((c) => c.ready));
  const connectSeconds = (nowMs() - connectStarted) / 1000;

  const reports = children.map(({ child }) => new Promise((resolve) => child.once("message", resolve)));
  const askedAt = nowMs();
  const change = await fetch(`${baseUrl}/session/${sessionId}/cancel`, { method: "POST", headers: { "X-Api-Key": apiKey } });
  if (!change.ok) {
    throw new Error(`cancel answered ${change.status}: ${await change.text()}`);
  }
  for (const { child } of children) {
    child.send({ deadline: askedAt + 10_000 });
  }

  const arrivals = (await Promise.all(reports)).flatMap((r) => r.arrivals.map((t) => t - askedAt)).sort((a, b) => a - b);
  const at = (p) => arrivals[Math.min(arrivals.length - 1, Math.max(0, Math.ceil((p / 100) * arrivals.length) - 1))] ?? null;
  process.stdout.write(JSON.stringify({ clients, processes, delivered: arrivals.length, p50: at(50), p99: at(99), max: at(100), connectSeconds }) + "\n");
  process.exit(0);
}
