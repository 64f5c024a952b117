// A hub client as an integrator would write it in Node, with @microsoft/signalr: connects with a bearer token and
// prints one JSON line per thing that happens, for the test that started it to read.
//   node tests/js/hub-client.mjs <hub url> <token> [WebSockets|ServerSentEvents|LongPolling]
//
//   {"kind":"connected","transport":"WebSockets"}   started (the transport the client settled on)
//   {"kind":"event","payload":...}                  each call of the client method "event", with its one argument
//   {"kind":"closed","error":null|"..."}            the connection closed; the process then exits 0
//   {"kind":"failed","error":"..."}                 start failed; the process exits 2
// Without a transport argument the client negotiates as integrators' clients do: WebSockets first. In Node the library
// opens WebSockets with its "ws" dependency and sends the token as "Authorization: Bearer", not as ?access_token=.
// Stops the connection when stdin closes or on SIGTERM.
import * as signalR from "@microsoft/signalr";

const [url, token, transport] = process.argv.slice(2);
if (!url) {
  console.error("usage: node hub-client.mjs <hub url> <token> [WebSockets|ServerSentEvents|LongPolling]");
  process.exit(64);
}

const print = (line) => process.stdout.write(JSON.stringify(line) + "\n");
const message = (error) => (error === undefined || error === null ? null : String(error.message ?? error));

// The library's console logger writes information to stdout; ours keeps stdout for the JSON lines.
const logger = {
  log(level, text) {
    if (level >= signalR.LogLevel.Warning) {
      process.stderr.write(`signalr ${signalR.LogLevel[level]}: ${text}\n`);
    }
  },
};

const options = token ? { accessTokenFactory: () => token } : {};
if (transport) {
  options.transport = signalR.HttpTransportType[transport];
  if (options.transport === undefined) {
    console.error(`unknown transport ${transport}`);
    process.exit(64);
  }
}

const connection = new signalR.HubConnectionBuilder().withUrl(url, options).configureLogging(logger).build();
connection.on("event", (payload) => print({ kind: "event", payload }));
connection.onclose((error) => {
  print({ kind: "closed", error: message(error) });
  process.exit(0);
});

const stop = () => connection.stop().finally(() => process.exit(0));
process.stdin.on("end", stop);
process.stdin.resume();
process.on("SIGTERM", stop);

try {
  await connection.start();
  // The transport in use is not public API; read it for the test's sake, and say "unknown" if it moves.
  const names = { WebSocketTransport: "WebSockets", ServerSentEventsTransport: "ServerSentEvents", LongPollingTransport: "LongPolling" };
  print({ kind: "connected", transport: names[connection.connection?.transport?.constructor?.name] ?? "unknown" });
} catch (error) {
  print({ kind: "failed", error: message(error) });
  process.exit(2);
}
