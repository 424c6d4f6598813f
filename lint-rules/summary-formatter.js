// ESLint's stylish output plus one summary line, so `npm run lint` says what it checked even
// when it found nothing (stylish alone prints nothing on a clean run).
import { ESLint } from 'eslint';

/** @param {import('eslint').ESLint.LintResult[]} results */
export default async function summaryFormatter(results, context) {
  const stylish = await new ESLint({ cwd: context.cwd }).loadFormatter('stylish');
  const details = await stylish.format(results, context);
  const count = (key) => results.reduce((sum, r) => sum + r[key], 0);
  const errors = count('errorCount');
  const warnings = count('warningCount');
  const files = results.length;
  const mark = errors || warnings ? '✖' : '✔';
  const summary = `${mark} eslint: ${files} file${files === 1 ? '' : 's'} linted, ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  return `${details}${details ? '\n' : ''}${summary}`;
}
