// Compiles contracts/DemoToken.sol with solc-js (standard-JSON) into build/DemoToken.json.
// Usage: node build.mjs [--force]
import { readFileSync, writeFileSync, mkdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const CONTRACT = 'DemoToken';
const SOURCE_NAME = `contracts/${CONTRACT}.sol`;
const SOURCE_PATH = join(here, SOURCE_NAME);
const OUT_DIR = join(here, 'build');
const OUT_PATH = join(OUT_DIR, `${CONTRACT}.json`);
// anvil 1.7.1 runs later hardforks by default; cancun is the newest target we rely on.
const EVM_VERSION = 'cancun';

const force = process.argv.includes('--force');

if (!force && existsSync(OUT_PATH) && statSync(OUT_PATH).mtimeMs > statSync(SOURCE_PATH).mtimeMs) {
  console.log(`build: ${OUT_PATH} is up to date, skipping compile`);
  process.exit(0);
}

const solc = require('solc');
console.log(`build: compiling ${SOURCE_NAME} with solc ${solc.version()} (evmVersion ${EVM_VERSION}, optimizer 200 runs)`);

const input = {
  language: 'Solidity',
  sources: { [SOURCE_NAME]: { content: readFileSync(SOURCE_PATH, 'utf8') } },
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: EVM_VERSION,
    outputSelection: {
      [SOURCE_NAME]: { [CONTRACT]: ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] },
    },
  },
};

const output = JSON.parse(solc.compile(JSON.stringify(input)));
const diagnostics = output.errors ?? [];
for (const d of diagnostics) {
  console.error(d.formattedMessage ?? d.message);
}
if (diagnostics.some((d) => d.severity === 'error')) {
  console.error('build: FAILED, compile errors above');
  process.exit(1);
}

const contract = output.contracts?.[SOURCE_NAME]?.[CONTRACT];
const bytecode = contract?.evm?.bytecode?.object;
const deployedBytecode = contract?.evm?.deployedBytecode?.object;
if (!contract || !bytecode || !deployedBytecode) {
  console.error(`build: FAILED, no bytecode for ${CONTRACT} in compiler output`);
  process.exit(1);
}

mkdirSync(OUT_DIR, { recursive: true });
const artifact = {
  abi: contract.abi,
  bytecode: `0x${bytecode}`,
  deployedBytecode: `0x${deployedBytecode}`,
};
writeFileSync(OUT_PATH, JSON.stringify(artifact, null, 2) + '\n');
console.log(`build: wrote ${OUT_PATH} (runtime ${deployedBytecode.length / 2} bytes)`);
