import { describe, expect, it } from 'vitest';
import { assertUniqueSubscriptionNames, webhookSubscriptionName } from './webhook-subscription.js';

describe('webhook subscription names', () => {
  it('uses the configured name, else a stable hash of the URL', () => {
    expect(webhookSubscriptionName({ url: 'http://x/a', name: 'ops' })).toBe('ops');
    expect(webhookSubscriptionName({ url: 'http://x/a' })).toBe(
      webhookSubscriptionName({ url: 'http://x/a' }),
    );
    expect(webhookSubscriptionName({ url: 'http://x/a' })).not.toBe(
      webhookSubscriptionName({ url: 'http://x/b' }),
    );
  });

  it('rejects two subscriptions that would share a cursor', () => {
    expect(() => assertUniqueSubscriptionNames([{ url: 'http://x/a' }, { url: 'http://x/b' }])).not.toThrow();
    expect(() => assertUniqueSubscriptionNames([{ url: 'http://x/a' }, { url: 'http://x/a' }])).toThrow(
      /give each a distinct 'name'/,
    );
    expect(() =>
      assertUniqueSubscriptionNames([
        { url: 'http://x/a', name: 'n' },
        { url: 'http://x/b', name: 'n' },
      ]),
    ).toThrow(/named 'n'/);
  });
});
