import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasCommand, run } from '../commands.ts';
import { StackError } from '../errors.ts';
import { LOCAL_DIR } from '../paths.ts';
import { influxMajor } from './influxVersions.ts';

/** InfluxData's pkg-config wrapper: when flux asks for its Rust library, it builds it with cargo. */
const PKG_CONFIG_MODULE = 'github.com/influxdata/pkg-config@v0.2.7';
const INFLUX_ROOT = join(LOCAL_DIR, 'influxdb');

/** Where a built release lives: `.local/influxdb/<version>/bin/influxd`. */
export function builtInfluxd(version: string): string {
  return join(INFLUX_ROOT, version, 'bin', 'influxd');
}

/** Written last: an interrupted build starts over instead of leaving half a release in use. */
function completeMarker(version: string): string {
  return join(INFLUX_ROOT, version, 'complete');
}

export function isInfluxBuilt(version: string): boolean {
  return existsSync(completeMarker(version));
}

function requireToolchains(version: string): void {
  const missing = [
    hasCommand('go') ? undefined : 'Go (go, 1.22 or newer)',
    hasCommand('cargo') ? undefined : 'Rust (cargo, the stable toolchain)',
  ].filter(Boolean);
  if (missing.length > 0)
    throw new StackError(
      `InfluxDB ${version} is built from its Go module and needs ${missing.join(' and ')} on PATH; ` +
        "install them, or leave INFLUXDB_VERSION unset for Debian's 1.6.7",
    );
}

/**
 * The build's environment. flux pins a Rust toolchain that cannot be fetched
 * here; its code builds with stable. Go and cargo keep their usual caches
 * (~/go, ~/.cargo), so a second build of anything downloads nothing.
 */
function buildEnv(toolsBin: string): NodeJS.ProcessEnv {
  return { ...process.env, PATH: `${toolsBin}:${process.env.PATH}`, RUSTUP_TOOLCHAIN: 'stable', CGO_ENABLED: '1' };
}

/** Runs one build command with its output appended to the build log; a heartbeat every 30 s says it is alive. */
function buildStep(
  what: string,
  command: string,
  args: string[],
  options: { cwd?: string; env: NodeJS.ProcessEnv; logFile: string; log: (line: string) => void },
): Promise<void> {
  writeFileSync(options.logFile, `$ ${command} ${args.join(' ')}\n`, { flag: 'a' });
  const started = Date.now();
  const heartbeat = setInterval(
    () => options.log(`  still ${what} (${Math.round((Date.now() - started) / 1000)} s)`),
    30_000,
  );
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    const keep = (chunk: Buffer) => {
      chunks.push(chunk);
      writeFileSync(options.logFile, chunk, { flag: 'a' });
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', (error) => reject(new StackError(`${what}: ${error.message}`)));
    child.once('close', (code) => {
      if (code === 0) return resolve();
      const tail = Buffer.concat(chunks).toString('utf8').trim().split('\n').slice(-15).join('\n');
      reject(new StackError(`${what} failed (exit ${code}); the end of ${options.logFile}:\n${tail}`));
    });
  }).finally(() => clearInterval(heartbeat));
}

/** A writable copy of a module's source, from the Go module cache (downloaded into it when missing). */
function copyModule(module: string, version: string, into: string, env: NodeJS.ProcessEnv): string {
  const download = run('go', ['mod', 'download', '-json', `${module}@${version}`], { env });
  const dir = download.ok ? (JSON.parse(download.output) as { Dir?: string }).Dir : undefined;
  if (!dir) throw new StackError(`go could not download ${module}@${version}:\n${download.output.slice(-1500)}`);
  rmSync(into, { recursive: true, force: true });
  cpSync(dir, into, { recursive: true });
  run('chmod', ['-R', 'u+w', into]);
  return into;
}

/**
 * 2.x's module has a `replace` directive, so `go install …@version` refuses
 * it: it is built from a copy. Its flux (v0.196.1 for 2.7 and 2.8) turns the
 * current Rust compiler's new warnings into errors through its default
 * `strict` feature; a copy of flux with that feature off is wired in with a
 * `replace`. Nothing else in either is changed.
 */
function prepare2xSource(version: string, workDir: string, env: NodeJS.ProcessEnv): string {
  const source = copyModule('github.com/influxdata/influxdb/v2', `v${version}`, join(workDir, 'influxdb'), env);
  const fluxVersion = /github\.com\/influxdata\/flux (v\S+)/.exec(readFileSync(join(source, 'go.mod'), 'utf8'))?.[1];
  if (!fluxVersion) throw new StackError(`InfluxDB ${version}'s go.mod names no flux version`);
  const flux = copyModule('github.com/influxdata/flux', fluxVersion, join(workDir, 'flux'), env);
  for (const crate of ['flux-core', 'flux']) {
    const manifest = join(flux, 'libflux', crate, 'Cargo.toml');
    const text = readFileSync(manifest, 'utf8');
    writeFileSync(
      manifest,
      text.replace(/^default = \[(.*)\]$/m, (_, list: string) => {
        const kept = list
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s && s !== '"strict"');
        return `default = [${kept.join(', ')}]`;
      }),
    );
  }
  const edit = run('go', ['mod', 'edit', '-replace', `github.com/influxdata/flux=${flux}`], { cwd: source, env });
  if (!edit.ok) throw new StackError(`go mod edit failed:\n${edit.output}`);
  return source;
}

/**
 * Builds influxd `version` from InfluxData's Go module into
 * `.local/influxdb/<version>/bin` (once: about 3 minutes on 2 cores), with
 * the version stamped in, so `influxd version` and /ping report it.
 */
export async function buildInflux(version: string, log: (line: string) => void): Promise<string> {
  const binary = builtInfluxd(version);
  if (isInfluxBuilt(version)) return binary;
  requireToolchains(version);
  const home = join(INFLUX_ROOT, version);
  const work = join(home, 'build');
  const logFile = join(home, 'build.log');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  writeFileSync(logFile, '');
  const toolsBin = join(INFLUX_ROOT, 'tools', 'bin');
  const env = buildEnv(toolsBin);
  const started = Date.now();
  log(`building InfluxDB ${version} from its Go module, once (about 3 minutes on 2 cores; log: ${logFile})`);
  const step = (what: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) =>
    buildStep(what, 'go', args, { env: options.env ?? env, cwd: options.cwd, logFile, log });
  if (!existsSync(join(toolsBin, 'pkg-config')))
    await step('building pkg-config', ['install', PKG_CONFIG_MODULE], { env: { ...env, GOBIN: toolsBin } });
  const ldflags = `-X main.version=${version} -X main.commit=module`;
  const output = join(work, 'influxd');
  if (influxMajor(version) === 1) {
    const module = `github.com/influxdata/influxdb/cmd/influxd@v${version}`;
    await step(`building InfluxDB ${version}`, ['install', '-ldflags', ldflags, module], {
      env: { ...env, GOBIN: work },
    });
  } else {
    const source = prepare2xSource(version, work, env);
    await step(`building InfluxDB ${version}`, ['build', '-o', output, '-ldflags', ldflags, './cmd/influxd'], {
      cwd: source,
    });
  }
  mkdirSync(join(home, 'bin'), { recursive: true });
  renameSync(output, binary);
  chmodSync(binary, 0o755);
  rmSync(work, { recursive: true, force: true });
  writeFileSync(completeMarker(version), `${new Date().toISOString()}\n`);
  log(`InfluxDB ${version} built in ${Math.round((Date.now() - started) / 1000)} s: ${binary}`);
  return binary;
}
