import { describe, expect, it } from 'vitest';
import { makeBoardQueue } from '../test/fixtures';
import { queueTones } from './tone';

const thresholds = {
  waiting: { warn: 3, critical: 6 },
  longestWaitSeconds: { warn: 30, critical: 90 },
  serviceLevel: { warn: 80, critical: 60 },
};

describe('queueTones', () => {
  it('is calm below every warning level', () => {
    const q = makeBoardQueue({ waiting: 2, serviceLevel: 85, thresholds });
    expect(queueTones(q, 10)).toEqual({ waiting: 'ok', longestWait: 'ok', serviceLevel: 'ok', tile: 'ok' });
  });

  it('warns at the warning level and turns critical at the critical one, for rising metrics', () => {
    expect(queueTones(makeBoardQueue({ waiting: 3, thresholds }), null).waiting).toBe('warn');
    expect(queueTones(makeBoardQueue({ waiting: 6, thresholds }), null).waiting).toBe('critical');
    expect(queueTones(makeBoardQueue({ waiting: 1, thresholds }), 30).longestWait).toBe('warn');
    expect(queueTones(makeBoardQueue({ waiting: 1, thresholds }), 95).tile).toBe('critical');
  });

  it('treats a low service level as the alert, and "—" (null) as none', () => {
    expect(queueTones(makeBoardQueue({ serviceLevel: 79.9, thresholds }), null)).toMatchObject({
      serviceLevel: 'warn',
      tile: 'warn',
    });
    expect(queueTones(makeBoardQueue({ serviceLevel: 59, thresholds }), null).tile).toBe('critical');
    expect(queueTones(makeBoardQueue({ serviceLevel: null, thresholds }), null).tile).toBe('ok');
  });

  it('takes the worst of the three for the tile', () => {
    const q = makeBoardQueue({ waiting: 4, serviceLevel: 50, thresholds });
    expect(queueTones(q, 0)).toMatchObject({ waiting: 'warn', serviceLevel: 'critical', tile: 'critical' });
  });
});
