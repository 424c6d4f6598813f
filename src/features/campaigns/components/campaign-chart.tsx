import { Area, AreaChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { entryStatusColor, entryStatusLabel } from '@/components/ui/entry-status-badge';
import { formatCount } from '@/lib/format';
import type { ChartData } from '../lib/history';

const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });
const dayTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

const AXIS_TICK = { fill: 'var(--qd-fg-muted)', fontSize: 12 };


export interface CampaignChartProps {
  data: ChartData;
  /** Called with the status of a clicked area; without it areas are not clickable. */
  onSelectStatus?: ((status: string) => void) | undefined;
  height?: number;
}

/**
 * Status counts over time as stacked areas. Animation is off: the data refreshes on a timer, and
 * animated Recharts updates grow memory (docs/performance.md#known-traps). Loaded lazily with Recharts itself.
 */
export default function CampaignChart({ data, onSelectStatus, height = 320 }: CampaignChartProps) {
  const { rows, keys } = data;
  const first = rows[0]?.t ?? 0;
  const last = rows[rows.length - 1]?.t ?? 0;
  const sameDay = new Date(first).toDateString() === new Date(last).toDateString();
  const tickFormat = (t: number) => (sameDay ? timeFormat : dayTimeFormat).format(new Date(t));

  return (
    <AreaChart
      responsive
      data={rows}
      style={{ width: '100%', height }}
      margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
    >
      <CartesianGrid stroke="var(--qd-line)" strokeDasharray="3 3" vertical={false} />
      <XAxis
        dataKey="t"
        type="number"
        scale="time"
        domain={['dataMin', 'dataMax']}
        tickFormatter={tickFormat}
        tick={AXIS_TICK}
        stroke="var(--qd-line-strong)"
        minTickGap={24}
      />
      <YAxis
        tickFormatter={(n: number) => formatCount(n)}
        tick={AXIS_TICK}
        stroke="var(--qd-line-strong)"
        width={56}
        allowDecimals={false}
      />
      <Tooltip
        isAnimationActive={false}
        labelFormatter={(t) => dayTimeFormat.format(new Date(Number(t)))}
        formatter={(value, name) => [formatCount(Number(value)), entryStatusLabel(String(name))]}
        contentStyle={{
          background: 'var(--qd-surface-raised)',
          border: '1px solid var(--qd-line-strong)',
          borderRadius: 8,
          color: 'var(--qd-fg)',
          fontSize: 13,
        }}
        labelStyle={{ color: 'var(--qd-fg)', fontWeight: 600 }}
        itemStyle={{ color: 'var(--qd-fg)' }}
      />
      {keys.map((key) => (
        <Area
          key={key}
          type="monotone"
          dataKey={key}
          name={key}
          stackId="status"
          stroke={entryStatusColor(key)}
          fill={entryStatusColor(key)}
          fillOpacity={0.55}
          strokeWidth={1.5}
          isAnimationActive={false}
          dot={false}
          activeDot={false}
          style={onSelectStatus ? { cursor: 'pointer' } : undefined}
          onClick={onSelectStatus ? () => onSelectStatus(key) : undefined}
        />
      ))}
    </AreaChart>
  );
}
