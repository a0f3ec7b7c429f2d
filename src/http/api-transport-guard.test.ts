import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { apiTransportRefusal, isLoopback } from './api-transport-guard.js';

const req = (remoteAddress: string, encrypted: boolean) =>
  ({ socket: { remoteAddress, encrypted } }) as unknown as IncomingMessage;

describe('apiTransportRefusal', () => {
  const cases: [string, boolean, boolean][] = [
    ['127.0.0.1', false, true],
    ['::1', false, true],
    ['::ffff:127.0.0.1', false, true],
    ['10.1.2.3', false, false],
    ['::ffff:192.168.1.5', false, false],
    ['2001:db8::1', false, false],
    ['10.1.2.3', true, true],
  ];
  for (const [address, tls, accepted] of cases) {
    it(`${accepted ? 'accepts' : 'refuses'} ${tls ? 'HTTPS' : 'HTTP'} from ${address}`, () => {
      expect(apiTransportRefusal(req(address, tls), 8443) === undefined).toBe(accepted);
    });
  }

  it('says where HTTPS is', () => {
    expect(apiTransportRefusal(req('10.1.2.3', false), 9443)).toContain('port 9443');
    expect(isLoopback(undefined)).toBe(false);
  });
});
