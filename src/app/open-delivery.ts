import { ContainerSas } from './container-sas.js';
import { DeliveryServices } from './delivery-services.js';
import type { StartContext } from './start-context.js';
import type { StartedRuntime } from './start-runtime.js';

/** `OpenedDelivery` is the delivery resources and the container SAS issuer over their assets. */
export interface OpenedDelivery {
  readonly services: DeliveryServices;
  readonly sas: ContainerSas;
}

/**
 * `openDelivery` opens the delivery resources (assets, streaming policies, locators, endpoints), attaches
 * the live output archives to them and hands them to the runtime through its holder.
 */
export async function openDelivery(
  { config, logger, closers }: StartContext,
  parts: { readonly live: StartedRuntime; readonly httpsPort: number },
): Promise<OpenedDelivery> {
  const services = new DeliveryServices({
    dataDir: config.dataDir,
    logger,
    streaming: config.streaming,
    hosts: { publicHostname: config.publicHostname, httpsPort: parts.httpsPort },
    location: 'local',
    storageAccountName: config.account.name,
  });
  await services.open();
  services.attachArchives(parts.live.runtime.archives);
  parts.live.delivery.current = services;
  closers.push(() => services.close());
  const sas = await ContainerSas.open(config.dataDir, services.assets);
  return { services, sas };
}
