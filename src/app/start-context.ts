import type { Logger } from 'pino';
import type { Config } from '../config/config.js';

/** `Closer` stops one started part; `InletApp` runs them in reverse start order. */
export type Closer = () => Promise<void> | void;

/** `StartContext` is what every startup step gets: the config, the logger and the closers it adds to. */
export interface StartContext {
  readonly config: Config;
  readonly logger: Logger;
  readonly closers: Closer[];
}
