import type { SourceConfig } from '../config';
import type { HttpLogger } from './http';
import type { Connector } from './types';
import { FonoucConnector } from './fonouc/connector';
import { PortsipConnector } from './portsip/connector';

/** Builds the connector of each configured source; kinds without a connector yet are reported. */
export function createConnector(source: SourceConfig, logger?: HttpLogger): Connector | null {
  switch (source.kind) {
    case 'fonouc':
      return new FonoucConnector(source, logger);
    case 'portsip':
      return new PortsipConnector(source, logger);
    default:
      return null;
  }
}
