import type { AccountConfig } from '../config.js';
import { field } from '../config-field.js';
import type { ConfigSources } from '../config-sources.js';
import { guidValue } from '../values/guid-value.js';
import { stringValue } from '../values/scalar-values.js';

const subscriptionId = field({
  key: 'account.subscriptionId',
  env: 'INLET_SUBSCRIPTION_ID',
  default: '00000000-0000-0000-0000-000000000000',
  description: 'Subscription GUID of the media account resource id (Event Grid `topic`, ARM URLs).',
  parse: guidValue,
  fallback: () => '00000000-0000-0000-0000-000000000000',
});

const resourceGroup = field({
  key: 'account.resourceGroup',
  env: 'INLET_RESOURCE_GROUP',
  default: 'inlet',
  description: 'Resource group of the media account resource id.',
  // ARM resource group names: 1-90 letters, digits, `_-.()`, not ending in a period.
  parse: stringValue({
    what: 'a resource group name (1-90 letters, digits, _-.(), not ending in ".")',
    pattern: /^[-\w.()]{0,89}[-\w()]$/,
  }),
  fallback: () => 'inlet',
});

const name = field({
  key: 'account.name',
  env: 'INLET_ACCOUNT_NAME',
  default: 'inlet',
  description: 'Media services account name of the resource id.',
  // Media Services account names: 3-24 lower-case letters and digits.
  parse: stringValue({
    what: 'an account name (3-24 lower-case letters and digits)',
    pattern: /^[a-z0-9]{3,24}$/,
  }),
  fallback: () => 'inlet',
});

/** `accountFields` are the `account.*` keys. */
export const accountFields = [subscriptionId, resourceGroup, name] as const;

/** `readAccount` reads the `account` section. */
export function readAccount(sources: ConfigSources): AccountConfig {
  return {
    subscriptionId: sources.read(subscriptionId),
    resourceGroup: sources.read(resourceGroup),
    name: sources.read(name),
  };
}
