// One update fanned out to many live subscribers: opens N @microsoft/signalr connections to the hub with a live token
// of one session, then makes one change to that session and times its arrival at every client from the moment the
// change was asked for.
//   node bench/js/hub-fanout.mjs <base url> <secret key> <session id> <clients>
// Prints one JSON line: { clients, delivered, p50, p99, max, connectSeconds }.
import * as signalR from "@microsoft/signalr";

const [baseUrl, apiKey, sessionId, clientsArg] = process.argv.slice(2);
const clients = Number(clientsArg);
const quiet = { log() {} };

const tokenAnswer = await fetch(`${baseUrl}/session/${sessionId}/live-token`, { method: "POST", headers: { "X-Api-Key": apiKey } });
if (!tokenAnswer.ok) {
  throw new Error(`live-token answered ${tokenAnswer.status}: ${await tokenAnswer.text()}`);
}
const { token } = await tokenAnswer.json();

let askedAt = 0;
const arrivals = [];
const connections = [];
const connectStarted = performance.now();
for (let start = 0; start < clients; start += 50) {
  const batch = [];
  for (let i = start; i < Math.min(clients, start + 50); i++) {
    const connection = new signalR.HubConnectionBuilder()
      .withUrl(`${baseUrl}/hubs/events`, { accessTokenFactory: () => token, transport: signalR.HttpTransportType.WebSockets, skipNegotiation: true })
      .configureLogging(quiet)
      .build();
    let heard = false;
    connection.on("event", () => {
      if (askedAt > 0 && !heard) {
        heard = true;
        arrivals.push(performance.now() - askedAt);
      }
    });
    connections.push(connection);
    batch.push(connection.start());
  }
  await Promise.all(batch);
}
const connectSeconds = (performance.now() - connectStarted) / 1000;

askedAt = performance.now();
const change = await fetch(`${baseUrl}/session/${sessionId}/cancel`, { method: "POST", headers: { "X-Api-Key": apiKey } });
if (!change.ok) {
  throw new Error(`cancel answered ${change.status}: ${await change.text()}`);
}
const deadline = performance.now() + 10_000;
while (arrivals.length < clients && performance.now() < deadline) {
  await new Promise((resolve) => setTimeout(resolve, 5));
}

arrivals.sort((a, b) => a - b);
const at = (p) => arrivals[Math.min(arrivals.length - 1, Math.max(0, Math.ceil((p / 100) * arrivals.length) - 1))] ?? null;
process.stdout.write(JSON.stringify({ clients, delivered: arrivals.length, p50: at(50), p99: at(99), max: at(100), connectSeconds }) + "\n");
await Promise.all(connections.map((c) => c.stop().catch(() => {})));
process.exit(0);
