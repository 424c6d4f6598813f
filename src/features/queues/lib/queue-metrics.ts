import type { QueueMetrics, SlaSettings } from '@contract/queue';
import { formatCount, formatDuration, formatPercent } from '@/lib/format';

export interface MetricView {
  /** The `<dt>`: tests and screen readers find the value by this exact label. */
  label: string;
  /** The formatted value; "—" when the gateway could not derive it (never a fake 0 or 100 %). */
  value: string;
  /** How the number is defined, shown under it in small print. */
  hint?: string | undefined;
}

const TREATMENT: Record<SlaSettings['abandonTreatment'], (t: number) => string> = {
  negative: () => 'abandons count against (negative)',
  ignore: () => 'abandons are left out (ignore)',
  positive: (t) => `abandons within ${t} s count as met (positive)`,
};

/** The service-level variant in words, e.g. "answered within 20 s; abandons count against (negative)". */
export function serviceLevelDescription(sla: SlaSettings): string {
  const parts = [`answered within ${sla.thresholdSeconds} s`, TREATMENT[sla.abandonTreatment](sla.thresholdSeconds)];
  if (sla.shortAbandonSeconds > 0) {
    parts.push(`abandons under ${sla.shortAbandonSeconds} s are not counted`);
  }
  return parts.join('; ');
}

/**
 * Today's metrics of a queue as labelled, formatted values (docs/metrics.md#what-queuedeck-shows).
 * A null metric, or no metrics at all, shows "—".
 */
export function metricViews(metrics: QueueMetrics | null, sla: SlaSettings): MetricView[] {
  const m = metrics;
  return [
    {
      label: 'Service level',
      value: formatPercent(m?.serviceLevel, 1),
      hint: serviceLevelDescription(sla),
    },
    {
      label: 'Abandon rate',
      value: formatPercent(m?.abandonRate, 1),
      hint:
        sla.shortAbandonSeconds > 0
          ? `abandoned ÷ queued, abandons under ${sla.shortAbandonSeconds} s left out`
          : 'abandoned ÷ queued',
    },
    { label: 'ASA', value: formatDuration(m?.asaSeconds), hint: 'average wait of answered calls' },
    { label: 'AHT', value: formatDuration(m?.ahtSeconds), hint: 'talk + hold + wrap-up' },
    { label: 'Offered', value: formatCount(m?.offered) },
    { label: 'Answered', value: formatCount(m?.answered) },
    { label: 'Abandoned', value: formatCount(m?.abandoned) },
    {
      label: 'Average abandon time',
      value: formatDuration(m?.avgAbandonSeconds),
      hint: 'wait before hanging up',
    },
    {
      label: 'Max queued today',
      value: formatDuration(m?.maxQueuedSeconds),
      hint: 'longest wait of any call today',
    },
  ];
}
