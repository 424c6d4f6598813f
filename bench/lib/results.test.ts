import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSection } from './results';

describe('writeSection', () => {
  it('creates the file, then replaces only its own section', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-results-'));
    const file = path.join(dir, 'RESULTS.md');
    await writeSection(file, 'A', 'what A measures', 'first A');
    fs.appendFileSync(file, '\n## Other\n\nkept as is\n');
    await writeSection(file, 'A', 'what A measures', 'second A');
    await writeSection(file, 'B', 'what B measures', 'B body');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('## A\n\nsecond A');
    expect(text).not.toContain('first A');
    expect(text).toContain('## Other\n\nkept as is');
    expect(text.indexOf('## A')).toBeLessThan(text.indexOf('## Other'));
    expect(text.indexOf('## Other')).toBeLessThan(text.indexOf('## B'));
    expect(text.match(/- \*\*A\*\*: what A measures/g)).toHaveLength(1);
    expect(text).toContain('- **B**: what B measures');
  });

  it("replaces its line in the section list when the summary changes (a run's verdict)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-results-'));
    const file = path.join(dir, 'RESULTS.md');
    await writeSection(file, 'Soak', 'heap +0.35 MB: over budget', 'run 1');
    await writeSection(file, 'Other', 'what Other measures', 'other');
    await writeSection(file, 'Soak', 'heap +0.10 MB: within budget', 'run 2');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain('+0.35 MB');
    expect(text.match(/- \*\*Soak\*\*: /g)).toHaveLength(1);
    expect(text).toContain('- **Soak**: heap +0.10 MB: within budget');
    expect(text.indexOf('- **Soak**')).toBeLessThan(text.indexOf('- **Other**'));
  });
});
