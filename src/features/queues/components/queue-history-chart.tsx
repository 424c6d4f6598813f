import { Area, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCount, formatPercent } from '@/lib/format';
import { SERVICE_LEVEL_COLOR, WAITING_COLOR, type QueueChartRow } from '../lib/queue-history';

const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });
const AXIS_TICK = { fill: 'var(--qd-fg-muted)', fontSize: 12 };

export interface QueueHistoryChartProps {
  rows: readonly QueueChartRow[];
  height?: number;
}

/**
 * Calls waiting (area, left axis) and today's service level (line, right axis, 0–100 %) over the
 * day. Animation is off: the data refreshes on a timer, and animated Recharts updates grow memory
 * (docs/performance.md#known-traps). Loaded lazily with Recharts itself.
 */
export default function QueueHistoryChart({ rows, height = 280 }: QueueHistoryChartProps) {
  return (
    <ComposedChart
      responsive
      data={rows as QueueChartRow[]}
      style={{ width: '100%', height }}
      margin={{ top: 8, right: 4, bottom: 0, left: 0 }}
    >
      <CartesianGrid stroke="var(--qd-line)" strokeDasharray="3 3" vertical={false} />
      <XAxis
        dataKey="t"
        type="number"
        scale="time"
        domain={['dataMin', 'dataMax']}
        tickFormatter={(t: number) => timeFormat.format(new Date(t))}
        tick={AXIS_TICK}
        stroke="var(--qd-line-strong)"
        minTickGap={32}
      />
      <YAxis
        yAxisId="waiting"
        tickFormatter={(n: number) => formatCount(n)}
        tick={AXIS_TICK}
        stroke="var(--qd-line-strong)"
        width={44}
        allowDecimals={false}
      />
      <YAxis
        yAxisId="sl"
        orientation="right"
        domain={[0, 100]}
        ticks={[0, 25, 50, 75, 100]}
        tickFormatter={(n: number) => `${n} %`}
        tick={AXIS_TICK}
        stroke="var(--qd-line-strong)"
        width={52}
      />
      <Tooltip
        isAnimationActive={false}
        labelFormatter={(t) => timeFormat.format(new Date(Number(t)))}
        formatter={(value, name) =>
          name === 'serviceLevel'
            ? [formatPercent(value === null ? null : Number(value), 1), 'Service level']
            : [formatCount(value === null ? null : Number(value)), 'Calls waiting']
        }
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
      <Area
        yAxisId="waiting"
        type="stepAfter"
        dataKey="waiting"
        name="waiting"
        stroke={WAITING_COLOR}
        fill={WAITING_COLOR}
        fillOpacity={0.2}
        strokeWidth={1.5}
        isAnimationActive={false}
        dot={false}
        activeDot={false}
      />
      <Line
        yAxisId="sl"
        type="monotone"
        dataKey="serviceLevel"
        name="serviceLevel"
        stroke={SERVICE_LEVEL_COLOR}
        strokeWidth={2}
        isAnimationActive={false}
        dot={false}
        activeDot={false}
      />
    </ComposedChart>
  );
}
