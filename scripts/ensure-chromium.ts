// The e2e suite drives Debian's Chromium (playwright.config.ts points at /usr/bin/chromium): the
// machines reach Debian's packages but cannot download Playwright's own browser builds.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';

function run(command: string, args: string[]): void {
  console.log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    // CI has no stdin: never let apt wait for an answer.
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  }
}

function main(): number {
  if (existsSync(CHROMIUM)) return 0;

  if (process.getuid?.() !== 0) {
    console.error(
      "Chromium is missing: install Debian's package with `sudo apt-get install -y chromium` (needs /usr/bin/chromium)",
    );
    return 1;
  }

  console.log(`${CHROMIUM} not found: installing Debian's chromium package`);
  try {
    run('apt-get', ['update']);
    run('apt-get', ['install', '-y', 'chromium']);
  } catch (error) {
    console.error(
      `Installing chromium failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }

  if (!existsSync(CHROMIUM)) {
    console.error(`apt-get installed chromium, but ${CHROMIUM} is still missing`);
    return 1;
  }
  console.log(`Chromium installed at ${CHROMIUM}`);
  return 0;
}

process.exitCode = main();
