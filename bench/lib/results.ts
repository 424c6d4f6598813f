import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

/**
 * bench/RESULTS.md is one file shared by every benchmark, structured by `## ` headings. A benchmark
 * regenerates only its own section (and adds its line to the intro's section list once); the
 * intro and the other sections are left as they are.
 */

const SECTION_LIST_END = '<!-- benchmarks add their line to the list above -->';

function intro(): string {
  return `# Benchmark results

Figures from the benchmarks in \`bench/\` (budgets: \`docs/performance.md\` and the issues).
They are measurements, never timed unit tests. \`npm run bench\` runs every benchmark
(\`bench/run.ts\`); each one can also run alone with the command its section gives. A benchmark
regenerates only its own \`## \` section, which states the machine, the date and the exact command
of the run that produced it. The machines are noisy: compare medians of runs made side by side.

Sections:

${SECTION_LIST_END}

File created on: ${machineLine()}.
`;
}

/** `nproc`, `free -g` total, CPU model, node version. */
export function machineLine(): string {
  const nproc = tryRun('nproc')?.trim() ?? String(os.availableParallelism());
  const free = tryRun('free', ['-g']);
  const totalGb = free ? /Mem:\s+(\d+)/.exec(free)?.[1] : undefined;
  const mem = totalGb
    ? `${totalGb} GB RAM (\`free -g\`)`
    : `${Math.round(os.totalmem() / 2 ** 30)} GB RAM`;
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${nproc} CPUs (\`nproc\`, ${cpu}), ${mem}, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

export function freeG(): string {
  return tryRun('free', ['-g'])?.replace(/^\n+/, '') ?? '(free unavailable)';
}

function tryRun(cmd: string, args: string[] = []): string | null {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' }).trimEnd();
  } catch {
    return null;
  }
}

/**
 * Replaces (or appends) the section `## {heading}` of `file` with `body` (the text under the
 * heading), creating the file with the intro when missing, and lists the section in the intro.
 */
export async function writeSection(
  file: string,
  heading: string,
  summary: string,
  body: string,
): Promise<void> {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : intro();
  const lines = text.split('\n');
  // Split into the preface (before the first `## `) and the sections.
  const sections: { heading: string; lines: string[] }[] = [];
  const preface: string[] = [];
  for (const line of lines) {
    const m = /^## (.+?)\s*$/.exec(line);
    if (m) sections.push({ heading: m[1] as string, lines: [line] });
    else if (sections.length > 0)
      (sections[sections.length - 1] as { lines: string[] }).lines.push(line);
    else preface.push(line);
  }
  const fresh = [`## ${heading}`, '', ...body.trim().split('\n'), ''];
  const at = sections.findIndex((s) => s.heading === heading);
  if (at >= 0) sections[at] = { heading, lines: fresh };
  else sections.push({ heading, lines: fresh });

  let pre = preface.join('\n');
  const bullet = `- **${heading}**: ${summary.replace(/\s*\n\s*/g, ' ')}`;
  // The summary may carry the run's verdict (the soak's does): replace the line, not just add it
  // once, or the list keeps an old run's figures.
  const listed = preface.findIndex((line) => line.startsWith(`- **${heading}**`));
  if (listed >= 0) {
    pre = [...preface.slice(0, listed), bullet, ...preface.slice(listed + 1)].join('\n');
  } else {
    pre = pre.includes(SECTION_LIST_END)
      ? pre.replace(SECTION_LIST_END, `${bullet}\n${SECTION_LIST_END}`)
      : `${pre.trimEnd()}\n\n${bullet}\n`;
  }
  const out = [pre.trimEnd(), '', ...sections.map((s) => s.lines.join('\n').trimEnd() + '\n')].join(
    '\n',
  );
  fs.writeFileSync(file, await prettify(file, out.endsWith('\n') ? out : `${out}\n`));
}

/** Formats like `npm run format` would, so the generated file stays Prettier-clean. */
async function prettify(file: string, text: string): Promise<string> {
  try {
    const prettier = await import('prettier');
    const config = (await prettier.resolveConfig(file)) ?? {};
    return await prettier.format(text, { ...config, parser: 'markdown' });
  } catch {
    return text;
  }
}
