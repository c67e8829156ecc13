import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { applyPatch, parsePatch } from 'diff';

/**
 * Builds the embedded FerretDB (scripts/ferretdb) with Go, once, into a cache
 * keyed by a hash of its sources and patches.
 */

export const FERRETDB_VERSION = 'v1.24.2';
const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const FERRET_SOURCE_DIR = path.join(PROJECT_ROOT, 'scripts', 'ferretdb');
/** Unified diffs against FerretDB's module source, compiled into the embedded build (see patchFerretModule). */
const FERRET_PATCH_DIR = path.join(FERRET_SOURCE_DIR, 'patches');
const CACHE_DIR = path.join(PROJECT_ROOT, '.data', 'bin');
/** Where a build puts the patched copy of FerretDB it compiles; removed once the build ends. */
const PATCHED_SOURCE_DIR = path.join(PROJECT_ROOT, '.data', 'ferretdb-src');

export function findOnPath(command: string, searchPath: string): string | undefined {
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** The cached binary's name carries a hash of its sources, so a change to them rebuilds it. */
export function ferretBinaryPath(): string {
  const hash = createHash('sha256');
  const sources = readdirSync(FERRET_SOURCE_DIR).filter((f) => f.endsWith('.go') || f === 'go.mod' || f === 'go.sum').sort();
  for (const file of sources) hash.update(file).update(readFileSync(path.join(FERRET_SOURCE_DIR, file)));
  for (const file of ferretPatches()) hash.update(`patches/${file}`).update(readFileSync(path.join(FERRET_PATCH_DIR, file)));
  return path.join(CACHE_DIR, `ferretdb-embedded-${FERRETDB_VERSION}-${hash.digest('hex').slice(0, 12)}`);
}

export function ensureFerretBinary(opts: {
  searchPath: string;
  log: (line: string) => void;
}): { ok: true; binary: string; built: boolean } | { ok: false; reason: string } {
  const binary = ferretBinaryPath();
  if (existsSync(binary)) return { ok: true, binary, built: false };
  const go = findOnPath('go', opts.searchPath);
  if (!go) return { ok: false, reason: 'Go is not installed, so the embedded FerretDB cannot be built' };

  // .data also holds the embedded database's files: created private (the launcher tightens it if it exists).
  mkdirSync(path.dirname(CACHE_DIR), { recursive: true, mode: 0o700 });
  mkdirSync(CACHE_DIR, { recursive: true });
  const tmp = `${binary}.tmp-${process.pid}`;
  opts.log(`database: building embedded FerretDB ${FERRETDB_VERSION} with ${go} (first run only, a minute or two)`);
  const env = { ...process.env, CGO_ENABLED: '0' };
  // Per process, so that concurrent builds never read each other's half-written files.
  const patchedDir = path.join(PATCHED_SOURCE_DIR, `${path.basename(binary)}-${process.pid}`);
  try {
    const patched = patchFerretModule(go, env, patchedDir);
    if (!patched.ok) return patched;
    const attempt = (extra: string[]) =>
      spawnSync(go, ['build', '-trimpath', ...patched.flags, ...extra, '-o', tmp, '.'], {
        cwd: FERRET_SOURCE_DIR,
        env,
        encoding: 'utf8',
      });
    let result = attempt([]);
    // Newer Go linkers refuse FerretDB's go:linkname uses; this flag is the known workaround.
    if (result.status !== 0 && /linkname/.test(result.stderr)) result = attempt(['-ldflags=-checklinkname=0']);
    if (result.status !== 0) {
      return { ok: false, reason: `building FerretDB failed: ${lastLines(result.stderr || String(result.error), 5)}` };
    }
  } finally {
    rmSync(patchedDir, { recursive: true, force: true });
  }
  renameSync(tmp, binary);
  return { ok: true, binary, built: true };
}

function ferretPatches(): string[] {
  return existsSync(FERRET_PATCH_DIR) ? readdirSync(FERRET_PATCH_DIR).filter((f) => f.endsWith('.patch')).sort() : [];
}

/**
 * Compiles scripts/ferretdb/patches/*.patch into the build. Go refuses an -overlay for files in the module
 * cache, so this copies FerretDB's module (3.4 MB, from the module cache, where `go mod download` puts the
 * version go.sum verifies) into `dir`, applies the patches to the copy, and builds with `-modfile` naming
 * a copy of go.mod that replaces the module with that directory. go.mod itself stays as it is. A patch
 * that does not apply exactly fails the build.
 */
function patchFerretModule(
  go: string,
  env: NodeJS.ProcessEnv,
  dir: string,
): { ok: true; flags: string[] } | { ok: false; reason: string } {
  const patches = ferretPatches();
  if (patches.length === 0) return { ok: true, flags: [] };
  const download = spawnSync(go, ['mod', 'download', '-json', FERRETDB_MODULE], { cwd: FERRET_SOURCE_DIR, env, encoding: 'utf8' });
  let module: { Version?: string; Dir?: string; Error?: string } = {};
  try {
    module = JSON.parse(download.stdout) as typeof module;
  } catch {
    // reported below
  }
  if (download.status !== 0 || !module.Dir) {
    return {
      ok: false,
      reason: `downloading FerretDB's source failed: ${module.Error ?? lastLines(download.stderr || String(download.error), 5)}`,
    };
  }
  if (module.Version !== FERRETDB_VERSION) {
    return { ok: false, reason: `scripts/ferretdb/patches are for FerretDB ${FERRETDB_VERSION}, go.mod requires ${module.Version}` };
  }
  const source = path.join(dir, 'FerretDB');
  try {
    rmSync(dir, { recursive: true, force: true });
    // The module cache's files are read-only; the copy is the build's own.
    cpSync(module.Dir, source, { recursive: true });
  } catch (err) {
    return { ok: false, reason: `copying FerretDB's source failed: ${(err as Error).message}` };
  }
  for (const patch of patches) {
    try {
      for (const change of parsePatch(readFileSync(path.join(FERRET_PATCH_DIR, patch), 'utf8'))) {
        const file = path.join(source, (change.newFileName ?? '').replace(/^b\//, ''));
        // No fuzz: a patch that does not match FerretDB's source exactly fails the build.
        const patched = applyPatch(readFileSync(file, 'utf8'), change, { fuzzFactor: 0 });
        if (patched === false) throw new Error(`a hunk of ${change.newFileName ?? '?'} does not match`);
        chmodSync(file, 0o644);
        writeFileSync(file, patched);
      }
    } catch (err) {
      return { ok: false, reason: `patch ${patch} does not apply to FerretDB ${FERRETDB_VERSION}: ${(err as Error).message}` };
    }
  }
  // The go command reads build.sum beside build.mod; a replacement by a directory needs no sum of its own.
  const modfile = path.join(dir, 'build.mod');
  writeFileSync(
    modfile,
    `${readFileSync(path.join(FERRET_SOURCE_DIR, 'go.mod'), 'utf8')}\nreplace ${FERRETDB_MODULE} ${FERRETDB_VERSION} => ${JSON.stringify(source)}\n`,
  );
  writeFileSync(path.join(dir, 'build.sum'), readFileSync(path.join(FERRET_SOURCE_DIR, 'go.sum')));
  return { ok: true, flags: [`-modfile=${modfile}`] };
}

export function lastLines(text: string, n: number): string {
  return text.trim().split('\n').slice(-n).join(' | ');
}
