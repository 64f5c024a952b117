// Validates an OpenAPI document the way an integrator's tooling would read it: against the OpenAPI schema, with
// every $ref resolved. Exits 0 when valid; otherwise prints why and exits 1.
//   node tests/js/validate-openapi.mjs path/to/swagger.json
import SwaggerParser from "@apidevtools/swagger-parser";

const file = process.argv[2];
if (!file) {
  console.error("usage: node validate-openapi.mjs <openapi.json>");
  process.exit(2);
}

try {
  const api = await SwaggerParser.validate(file);
  const operations = Object.values(api.paths ?? {}).reduce((n, item) => n + Object.keys(item).length, 0);
  console.log(`valid: ${api.info.title} ${api.info.version}, ${Object.keys(api.paths ?? {}).length} paths, ${operations} operations`);
} catch (error) {
  console.error(`invalid: ${error.message}`);
  process.exit(1);
}
