/** Public surface of the campaign world (outbound campaigns, inbound routes, callbacks). */
export {
  createCampaignWorld,
  DEFAULT_IQRA_BUSINESS_ID,
  type DefaultWorldOptions,
} from './generate';
export {
  CampaignWorld,
  type CampaignWorldOptions,
  type NewEntryInput,
  type WorldCounters,
} from './world';
export { formatE164, isE164, normalisePhone } from './people';
export * from './types';
