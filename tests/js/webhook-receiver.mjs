// A webhook receiver as an integrator would write it: every delivery is checked with the standardwebhooks library,
// and everything that arrives is kept for the tests to read back. Prints "listening <port>" once it accepts requests;
// stops when its stdin closes (the test that started it is gone) or on SIGTERM.
//   node tests/js/webhook-receiver.mjs [port]
//
// Deliveries: any path outside /_control/. Control, JSON in and out:
//   POST /_control/secret    {"path":"/hook-a","secret":"whsec_..."}   the secret deliveries to that path are checked with
//   POST /_control/mode      {"path":"/hook-a","status":503,"retryAfter":"1","delayMs":0,"body":"..."}   how that path answers
//                            (body, optional: text sent back as text/html, as a misbehaving receiver might)
//                            ({"path":"/hook-a"} alone goes back to 204 when verified, 400 when not)
//   GET  /_control/received[?path=/hook-a]   what arrived, in arrival order
//   POST /_control/reset     forgets what arrived (secrets and modes stay)
import http from "node:http";
import { Webhook } from "standardwebhooks";

const secrets = new Map();
const modes = new Map();
let received = [];

const server = http.createServer(async (request, response) => {
  try {
    const raw = await readBody(request);
    const url = new URL(request.url, "http://receiver");
    if (url.pathname.startsWith("/_control/")) {
      control(request.method, url, raw, response);
    } else {
      await deliver(url.pathname, request.headers, raw, response);
    }
  } catch (error) {
    if (!response.headersSent) {
      answer(response, 500, { error: String(error?.message ?? error) });
    }
  }
});

server.on("clientError", (_error, socket) => socket.destroy());
server.on("error", (error) => {
  console.error(`receiver: ${error.message}`);
  process.exit(1);
});
server.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => {
  console.log(`listening ${server.address().port}`);
});

process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
process.on("SIGTERM", () => process.exit(0));

async function deliver(path, headers, raw, response) {
  const record = {
    path,
    id: headers["webhook-id"] ?? null,
    timestamp: wholeNumber(headers["webhook-timestamp"]),
    verified: false,
    body: parseOrText(raw),
    receivedAt: new Date().toISOString(),
  };
  if (typeof record.body?.type === "string") {
    record.type = record.body.type;
  }

  const secret = secrets.get(path);
  if (secret === undefined) {
    record.error = `no secret registered for ${path}`;
  } else {
    try {
      new Webhook(secret).verify(raw, headers);
      record.verified = true;
    } catch (error) {
      record.error = String(error?.message ?? error);
    }
  }

  const mode = modes.get(path);
  record.status = mode?.status ?? (record.verified ? 204 : 400);
  received.push(record);

  if (mode?.delayMs > 0) {
    await new Promise((resolve) => setTimeout(resolve, mode.delayMs));
  }
  if (mode?.retryAfter !== undefined && mode.retryAfter !== null) {
    response.setHeader("Retry-After", String(mode.retryAfter));
  }
  if (typeof mode?.body === "string") {
    response.writeHead(record.status, { "Content-Type": "text/html; charset=utf-8" }).end(mode.body);
  } else {
    response.writeHead(record.status).end();
  }
}

function control(method, url, raw, response) {
  const route = `${method} ${url.pathname}`;
  if (route === "GET /_control/received") {
    const path = url.searchParams.get("path");
    return answer(response, 200, path === null ? received : received.filter((r) => r.path === path));
  }
  if (route === "POST /_control/reset") {
    received = [];
    return answer(response, 200, {});
  }
  if (route !== "POST /_control/secret" && route !== "POST /_control/mode") {
    return answer(response, 404, { error: `no control route ${route}` });
  }

  const input = parseOrText(raw);
  if (typeof input?.path !== "string" || !input.path.startsWith("/")) {
    return answer(response, 400, { error: 'expected JSON with "path" starting with "/"' });
  }
  if (route === "POST /_control/secret") {
    try {
      new Webhook(input.secret); // a secret the library refuses is the caller's mistake: say so now, not at delivery
    } catch (error) {
      return answer(response, 400, { error: `secret refused: ${error.message}` });
    }
    secrets.set(input.path, input.secret);
    return answer(response, 200, {});
  }
  // POST /_control/mode
  if (input.status === undefined || input.status === null) {
    modes.delete(input.path);
  } else if (!Number.isInteger(input.status) || input.status < 200 || input.status > 599) {
    return answer(response, 400, { error: '"status" must be an HTTP status from 200 to 599' });
  } else {
    modes.set(input.path, { status: input.status, retryAfter: input.retryAfter, delayMs: Number(input.delayMs ?? 0), body: input.body });
  }
  return answer(response, 200, {});
}

function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function parseOrText(raw) {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function wholeNumber(text) {
  return /^\d+$/.test(text ?? "") ? Number(text) : null;
}

function answer(response, status, value) {
  response.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(value));
}
