// Builds (or finds cached) the embedded FerretDB used by tests and by `npm start`
// without MONGODB_URI. Prints how long the build took.
import { ensureFerretBinary } from '../src/db/ferretBuild';

const started = process.hrtime.bigint();
const result = ensureFerretBinary({ searchPath: process.env.PATH ?? '', log: (line) => console.log(line) });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
if (!result.ok) {
  console.error(result.reason);
  process.exit(1);
}
console.log(`${result.built ? 'built' : 'cached'} ${result.binary} in ${seconds.toFixed(1)} s`);
