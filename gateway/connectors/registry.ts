import type { SourceConfig } from '../config';
import type { HttpLogger } from './http';
import type { Connector } from './types';
import { FonoucConnector } from './fonouc/connector';
import { PortsipConnector } from './portsip/connector';
import { IqraConnector } from './iqra/connector';
import { While1Connector } from './while1/connector';

/** Builds the connector of each configured source; kinds without a connector yet are reported. */
export function createConnector(source: SourceConfig, logger?: HttpLogger): Connector | null {
  switch (source.kind) {
    case 'fonouc':
      return new FonoucConnector(source, logger);
    case 'portsip':
      return new PortsipConnector(source, logger);
    case 'iqra':
      return new IqraConnector(source, logger);
    case 'while1':
      return new While1Connector(source, logger);
    default:
      return null;
  }
}
