import type { BulkFile, BulkRow } from '../lib/bulk-csv';
import type { Outcome, ReportRow } from '../lib/bulk-runner';
import { readPhone } from '../lib/phone';

const PREVIEW_LIMIT = 100;

const th =
  'whitespace-nowrap border-b border-line px-3 py-2 text-left text-xs font-semibold text-fg-muted';
const td = 'border-b border-line px-3 py-1.5 align-top text-sm text-fg';

function destination(row: BulkRow): string {
  if (!row.request) return row.number;
  const e164 =
    row.request.kind === 'call' ? row.request.body.recipientNumber : row.request.body.phoneNumber;
  return readPhone(e164, undefined).formatted || e164;
}

function detail(row: BulkRow): string {
  const r = row.request;
  if (!r) return '';
  if (r.kind === 'callback') return `${r.body.callerName ?? ''} · ${r.body.campaign ?? ''}`;
  const vars = Object.keys(r.body.dynamicVariables).length;
  return [
    `agent ${r.body.agentId}`,
    `from ${r.body.numberId}`,
    r.body.campaignId && `campaign ${r.body.campaignId}`,
    vars > 0 && `${vars} variable${vars === 1 ? '' : 's'}`,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The checked file before sending: every invalid row with its reasons, then the rows to send. */
export function BulkPreview({ file }: { file: BulkFile }) {
  const shown = file.valid.slice(0, PREVIEW_LIMIT);
  return (
    <div className="flex flex-col gap-4">
      {file.invalid.length > 0 && (
        <div className="overflow-x-auto rounded-card border border-threshold-breach/40">
          <table className="w-full border-collapse">
            <caption className="bg-threshold-breach-soft px-3 py-2 text-left text-sm font-semibold text-fg">
              {file.invalid.length} row{file.invalid.length === 1 ? '' : 's'} will not be sent
            </caption>
            <thead>
              <tr>
                <th scope="col" className={th}>
                  Row
                </th>
                <th scope="col" className={th}>
                  Number
                </th>
                <th scope="col" className={th}>
                  What is wrong
                </th>
              </tr>
            </thead>
            <tbody>
              {file.invalid.map((r) => (
                <tr key={r.row} data-row={r.row}>
                  <td className={`${td} tabular-nums`}>{r.row}</td>
                  <td className={`${td} tabular-nums`}>{r.number || '—'}</td>
                  <td className={td}>
                    <ul className="list-inside list-disc text-threshold-breach">
                      {r.errors.map((e) => (
                        <li key={e}>{e}</li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {shown.length > 0 && (
        <div className="max-h-96 overflow-auto rounded-card border border-line">
          <table className="w-full border-collapse">
            <caption className="px-3 py-2 text-left text-sm font-semibold text-fg">
              Rows to send
              {file.valid.length > PREVIEW_LIMIT &&
                ` (the first ${PREVIEW_LIMIT} of ${file.valid.length})`}
            </caption>
            <thead className="sticky top-0 bg-surface">
              <tr>
                <th scope="col" className={th}>
                  Row
                </th>
                <th scope="col" className={th}>
                  Number
                </th>
                <th scope="col" className={th}>
                  Details
                </th>
                <th scope="col" className={th}>
                  When
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr key={r.row}>
                  <td className={`${td} tabular-nums`}>{r.row}</td>
                  <td className={`${td} whitespace-nowrap tabular-nums`}>{destination(r)}</td>
                  <td className={`${td} text-fg-muted`}>{detail(r)}</td>
                  <td className={`${td} whitespace-nowrap tabular-nums text-fg-muted`}>
                    {r.request?.body.scheduledAt
                      ? new Date(r.request.body.scheduledAt).toLocaleString('en-GB', {
                          dateStyle: 'medium',
                          timeStyle: 'short',
                        })
                      : 'now'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

const OUTCOME_CLASSES: Record<Outcome, string> = {
  queued: 'text-threshold-ok',
  'already placed': 'text-threshold-ok',
  refused: 'text-threshold-breach',
  failed: 'text-threshold-breach',
  invalid: 'text-threshold-warn',
};

/** The run's report so far: every row with its outcome, entry id or error. */
export function BulkReport({ rows }: { rows: readonly ReportRow[] }) {
  return (
    <div className="max-h-[32rem] overflow-auto rounded-card border border-line">
      <table className="w-full border-collapse" aria-label="Bulk report">
        <thead className="sticky top-0 bg-surface">
          <tr>
            <th scope="col" className={th}>
              Row
            </th>
            <th scope="col" className={th}>
              Number
            </th>
            <th scope="col" className={th}>
              Outcome
            </th>
            <th scope="col" className={th}>
              Entry id or error
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.row} data-outcome={r.outcome}>
              <td className={`${td} tabular-nums`}>{r.row}</td>
              <td className={`${td} whitespace-nowrap tabular-nums`}>{r.number || '—'}</td>
              <td className={`${td} whitespace-nowrap font-medium ${OUTCOME_CLASSES[r.outcome]}`}>
                {r.outcome}
              </td>
              <td className={`${td} break-all`}>
                {r.entryIds.length > 0 ? <code>{r.entryIds.join(', ')}</code> : r.message}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
