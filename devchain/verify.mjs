// End-to-end check of the dev chain kit, using only Node built-ins (fetch, child_process).
// Starts anvil on a free port, places DemoToken's runtime code with anvil_setCode, exercises
// the token over JSON-RPC, prints PASS/FAIL lines and always stops anvil.
// Usage: node verify.mjs   (exit code 0 = all checks passed)
import { spawn, execFileSync } from 'node:child_process';
import { accessSync, chmodSync, constants, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const ANVIL = join(here, 'node_modules', '@foundry-rs', 'anvil-linux-amd64', 'bin', 'anvil');
const ARTIFACT = join(here, 'build', 'DemoToken.json');

const TOKEN = '0x2791Bca1f2de4661ED88A30C99A7a9449Aa84174';
const ACCOUNT0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const ACCOUNT1 = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const TRANSFER_TOPIC = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';
const SEL = {
  initialize: '0x4cd88b76', // initialize(string,string)
  mint: '0x40c10f19', // mint(address,uint256)
  transfer: '0xa9059cbb', // transfer(address,uint256)
  transferFrom: '0x23b872dd', // transferFrom(address,address,uint256)
  approve: '0x095ea7b3', // approve(address,uint256)
  balanceOf: '0x70a08231', // balanceOf(address)
  totalSupply: '0x18160ddd', // totalSupply()
  decimals: '0x313ce567', // decimals()
  symbol: '0x95d89b41', // symbol()
  name: '0x06fdde03', // name()
};

// ---------- tiny ABI helpers ----------
const word = (hex) => hex.replace(/^0x/, '').toLowerCase().padStart(64, '0');
const addr = (a) => word(a);
const uint = (n) => word(BigInt(n).toString(16));
function str(s) {
  const bytes = Buffer.from(s, 'utf8');
  const padded = bytes.toString('hex').padEnd(Math.ceil(bytes.length / 32) * 64, '0');
  return uint(bytes.length) + padded;
}
function encodeTwoStrings(a, b) {
  const first = str(a);
  return uint(64) + uint(64 + first.length / 2) + first + str(b);
}
const decodeUint = (hex) => BigInt(hex);
function decodeString(hex) {
  const h = hex.replace(/^0x/, '');
  const offset = Number(BigInt('0x' + h.slice(0, 64))) * 2;
  const len = Number(BigInt('0x' + h.slice(offset, offset + 64)));
  return Buffer.from(h.slice(offset + 64, offset + 64 + len * 2), 'hex').toString('utf8');
}

// ---------- results ----------
let passed = 0;
let failed = 0;
function check(label, ok, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'PASS' : 'FAIL'} ${label}${detail ? ` (${detail})` : ''}`);
}

// ---------- anvil process ----------
let anvil = null;
function killAnvilSync() {
  if (anvil && anvil.exitCode === null && anvil.signalCode === null) {
    try {
      anvil.kill('SIGKILL');
    } catch {}
  }
}
process.on('exit', killAnvilSync);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    killAnvilSync();
    process.exit(130);
  });
}

function startAnvil() {
  return new Promise((resolve, reject) => {
    anvil = spawn(ANVIL, ['--port', '0', '--chain-id', '137'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let found = false;
    const timer = setTimeout(() => reject(new Error(`anvil did not print its listening line in 30s:\n${out}`)), 30_000);
    const onData = (chunk) => {
      // Keep draining after the port is found: anvil logs every RPC method to stdout.
      if (found) return;
      out += chunk.toString();
      const m = out.match(/Listening on ([0-9.]+):(\d+)/);
      if (m) {
        found = true;
        clearTimeout(timer);
        resolve(`http://${m[1]}:${m[2]}`);
      }
    };
    anvil.stdout.on('data', onData);
    anvil.stderr.on('data', onData);
    anvil.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    anvil.on('exit', (code, signal) => {
      if (!found) {
        clearTimeout(timer);
        reject(new Error(`anvil exited early (code ${code}, signal ${signal}):\n${out}`));
      }
    });
  });
}

async function stopAnvil() {
  if (!anvil || anvil.exitCode !== null || anvil.signalCode !== null) return;
  const exited = new Promise((r) => anvil.once('exit', r));
  anvil.kill('SIGTERM');
  const t = setTimeout(() => anvil.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(t);
  console.log(`anvil (pid ${anvil.pid}) stopped`);
}

// ---------- JSON-RPC ----------
let url;
let rpcId = 0;
async function rpcRaw(method, params = []) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method, params }),
    signal: AbortSignal.timeout(15_000),
  });
  return res.json();
}
async function rpc(method, params = []) {
  const body = await rpcRaw(method, params);
  if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}
const call = (data, from = ACCOUNT0) => rpc('eth_call', [{ from, to: TOKEN, data }, 'latest']);
// eth_sendTransaction can return before the automined block is visible, so poll for the receipt.
async function waitReceipt(hash) {
  for (let i = 0; i < 50; i++) {
    const receipt = await rpc('eth_getTransactionReceipt', [hash]);
    if (receipt) return receipt;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no receipt for ${hash}`);
}
async function send(data, from = ACCOUNT0, extra = {}) {
  return waitReceipt(await rpc('eth_sendTransaction', [{ from, to: TOKEN, data, ...extra }]));
}
const balanceOf = async (a) => decodeUint(await call(SEL.balanceOf + addr(a)));

// ---------- the checks ----------
async function run() {
  // Build the artifact, or reuse it when it is newer than the source (build.mjs decides and says so).
  execFileSync(process.execPath, [join(here, 'build.mjs')], { stdio: 'inherit' });
  const artifact = JSON.parse(readFileSync(ARTIFACT, 'utf8'));
  check('artifact has abi, bytecode and deployedBytecode',
    Array.isArray(artifact.abi) && /^0x[0-9a-f]+$/.test(artifact.bytecode) && /^0x[0-9a-f]+$/.test(artifact.deployedBytecode));

  // The anvil binary must be executable (npm normally keeps the mode from the tarball).
  try {
    accessSync(ANVIL, constants.X_OK);
    check('anvil binary is executable', true, ANVIL);
  } catch {
    chmodSync(ANVIL, 0o755);
    check('anvil binary is executable', false, 'was not; chmod 755 applied');
  }

  url = await startAnvil();
  console.log(`anvil (pid ${anvil.pid}) listening at ${url}`);
  check('chain id is 137', (await rpc('eth_chainId')) === '0x89');

  // Place runtime code at the fixed token address.
  await rpc('anvil_setCode', [TOKEN, artifact.deployedBytecode]);
  const code = await rpc('eth_getCode', [TOKEN, 'latest']);
  check('anvil_setCode placed the runtime bytecode', code.toLowerCase() === artifact.deployedBytecode.toLowerCase());

  let r = await send(SEL.initialize + encodeTwoStrings('USD Coin', 'USDC'));
  check('initialize("USD Coin","USDC") succeeds', r.status === '0x1');
  check('symbol() == "USDC"', decodeString(await call(SEL.symbol)) === 'USDC');
  check('name() == "USD Coin"', decodeString(await call(SEL.name)) === 'USD Coin');
  check('decimals() == 6', decodeUint(await call(SEL.decimals)) === 6n);
  const reinit = await rpcRaw('eth_call', [{ from: ACCOUNT0, to: TOKEN, data: SEL.initialize + encodeTwoStrings('X', 'X') }, 'latest']);
  check('second initialize reverts', !!reinit.error, reinit.error?.message);

  const minted = 1000n * 10n ** 6n;
  r = await send(SEL.mint + addr(ACCOUNT0) + uint(minted));
  check('mint(account0, 1000e6) succeeds', r.status === '0x1');
  check('totalSupply() == 1000e6', decodeUint(await call(SEL.totalSupply)) === minted);
  const mintLog = r.logs.find((l) => l.topics[0] === TRANSFER_TOPIC);
  check('mint emits Transfer from address(0)', !!mintLog && BigInt(mintLog.topics[1]) === 0n && BigInt(mintLog.topics[2]) === BigInt(ACCOUNT0));

  const amount = 12340017n;
  r = await send(SEL.transfer + addr(ACCOUNT1) + uint(amount));
  check('transfer(account1, 12340017) succeeds', r.status === '0x1');
  const transferBlock = r.blockNumber;
  check('balanceOf(account0) == 987659983', (await balanceOf(ACCOUNT0)) === minted - amount);
  check('balanceOf(account1) == 12340017', (await balanceOf(ACCOUNT1)) === amount);

  const logs = await rpc('eth_getLogs', [{ address: TOKEN, fromBlock: '0x0', toBlock: 'latest', topics: [TRANSFER_TOPIC, null, '0x' + addr(ACCOUNT1)] }]);
  const log = logs[0];
  check('eth_getLogs finds exactly one Transfer to account1', logs.length === 1, `${logs.length} found`);
  check('log: indexed from == account0', !!log && BigInt(log.topics[1]) === BigInt(ACCOUNT0));
  check('log: indexed to == account1', !!log && BigInt(log.topics[2]) === BigInt(ACCOUNT1));
  check('log: value == 12340017', !!log && BigInt(log.data) === amount);
  check('log: block and address match the receipt', !!log && log.blockNumber === transferBlock && log.address.toLowerCase() === TOKEN.toLowerCase());

  // Overdraft: eth_call must revert, and a mined tx (explicit gas, so no estimate) must have status 0x0.
  const tooMuch = amount + 1n;
  const overCall = await rpcRaw('eth_call', [{ from: ACCOUNT1, to: TOKEN, data: SEL.transfer + addr(ACCOUNT0) + uint(tooMuch) }, 'latest']);
  check('transfer above balance: eth_call reverts', !!overCall.error, overCall.error?.message);
  // Without "gas", anvil 1.7.1 does not estimate: it mines the tx with gas = block gas limit, status 0x0.
  const noGas = await rpcRaw('eth_sendTransaction', [{ from: ACCOUNT1, to: TOKEN, data: SEL.transfer + addr(ACCOUNT0) + uint(tooMuch) }]);
  if (noGas.error) {
    check('transfer above balance, no gas given: not executed', true, `rejected: ${noGas.error.message}`);
  } else {
    const rcpt = await waitReceipt(noGas.result);
    check('transfer above balance, no gas given: not executed', rcpt?.status === '0x0', `mined with status ${rcpt?.status}`);
  }
  r = await send(SEL.transfer + addr(ACCOUNT0) + uint(tooMuch), ACCOUNT1, { gas: '0x30000' });
  check('transfer above balance, gas 0x30000: receipt status 0x0', r.status === '0x0', `status ${r.status}`);
  check('balances unchanged after the failed transfer', (await balanceOf(ACCOUNT1)) === amount && (await balanceOf(ACCOUNT0)) === minted - amount);

  // approve + transferFrom
  r = await send(SEL.approve + addr(ACCOUNT1) + uint(1_000_000n));
  check('approve(account1, 1e6) succeeds', r.status === '0x1');
  r = await send(SEL.transferFrom + addr(ACCOUNT0) + addr(ACCOUNT1) + uint(400_000n), ACCOUNT1);
  check('transferFrom within allowance succeeds', r.status === '0x1' && (await balanceOf(ACCOUNT1)) === amount + 400_000n);
  const overAllow = await rpcRaw('eth_call', [{ from: ACCOUNT1, to: TOKEN, data: SEL.transferFrom + addr(ACCOUNT0) + addr(ACCOUNT1) + uint(600_001n) }, 'latest']);
  check('transferFrom above allowance reverts', !!overAllow.error, overAllow.error?.message);

  // Chain-control methods the app relies on.
  const before = BigInt(await rpc('eth_blockNumber'));
  await rpc('anvil_mine', ['0x3']);
  const afterMine = BigInt(await rpc('eth_blockNumber'));
  check('anvil_mine ["0x3"] mines 3 blocks', afterMine === before + 3n, `${before} -> ${afterMine}`);
  const headBefore = await rpc('eth_getBlockByNumber', ['latest', false]);
  const reorg = await rpcRaw('anvil_reorg', [2, []]);
  const headAfter = await rpc('eth_getBlockByNumber', ['latest', false]);
  check('anvil_reorg [2, []] replaces the last 2 blocks at the same height',
    !reorg.error && headAfter.number === headBefore.number && headAfter.hash !== headBefore.hash,
    reorg.error ? reorg.error.message : `height ${BigInt(headAfter.number)}`);
}

try {
  await run();
} catch (e) {
  check('verification ran to the end', false, e.message);
} finally {
  await stopAnvil();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
