import { describe, expect, it } from 'vitest';
import type { PlaceRequest } from '../api/place-call';
import { buildRequest, placeServerErrors, SubmissionKeys, type CallForm } from './call-form';

const form = (over: Partial<CallForm> = {}): CallForm => ({
  sourceId: 'ai',
  kind: 'call',
  country: 'US',
  phone: '415 555 0132',
  numberId: 'n1',
  agentId: 'a1',
  campaignId: '',
  callerName: '',
  campaign: '',
  scheduledAt: '',
  variables: [{ id: 'v1', key: 'CustomerName', value: 'Ada' }],
  metadata: [],
  ...over,
});

describe('buildRequest', () => {
  it('builds an initiate-call body with E.164 and the variables', () => {
    const { request, errors } = buildRequest(form());
    expect(errors).toEqual({});
    expect(request).toEqual({
      kind: 'call',
      body: {
        source: 'ai',
        recipientNumber: '+14155550132',
        numberId: 'n1',
        agentId: 'a1',
        dynamicVariables: { CustomerName: 'Ada' },
        metadata: {},
      },
    });
  });

  it('says per field what is missing, and never builds a request with a bad number', () => {
    const { request, errors, rowErrors } = buildRequest(
      form({
        phone: '555',
        numberId: ' ',
        agentId: '',
        metadata: [{ id: 'm1', key: '', value: 'x' }],
      }),
    );
    expect(request).toBeNull();
    expect(Object.keys(errors).sort()).toEqual(['agentId', 'metadata', 'numberId', 'phone']);
    expect(rowErrors.m1).toMatch(/name/i);
  });

  it('needs name, campaign and time for a callback', () => {
    const { errors } = buildRequest(form({ kind: 'callback', sourceId: 'cb' }));
    expect(Object.keys(errors).sort()).toEqual(['callerName', 'campaign', 'scheduledAt']);
    const ok = buildRequest(
      form({
        kind: 'callback',
        callerName: 'Ion',
        campaign: 'Spring',
        scheduledAt: '2099-03-02T14:30',
      }),
    );
    expect(ok.request).toMatchObject({
      kind: 'callback',
      body: { phoneNumber: '+14155550132', callerName: 'Ion', campaign: 'Spring' },
    });
  });
});

describe('placeServerErrors', () => {
  it('puts the gateway’s fields beside the dialog’s and keeps the rest for an alert', () => {
    expect(
      placeServerErrors({
        recipientNumber: 'The vendor did not accept this phone number',
        'dynamicVariables.x': 'too long',
        other: 'odd',
      }),
    ).toEqual({
      errors: { phone: 'The vendor did not accept this phone number', variables: 'too long' },
      rest: ['other: odd'],
    });
  });
});

describe('SubmissionKeys', () => {
  const a: PlaceRequest = buildRequest(form()).request!;
  const b: PlaceRequest = buildRequest(form({ agentId: 'a2' })).request!;

  it('keeps one key while the same request is retried, and makes a new one after an edit', () => {
    let n = 0;
    const keys = new SubmissionKeys(() => `key-${++n}`);
    expect(keys.keyFor(a)).toBe('key-1');
    expect(keys.keyFor(a)).toBe('key-1');
    expect(keys.keyFor(b)).toBe('key-2');
    keys.settle();
    expect(keys.keyFor(b)).toBe('key-3');
  });
});
