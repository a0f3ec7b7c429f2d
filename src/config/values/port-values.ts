import type { PortList } from '../config.js';
import type { ValueParser } from '../config-field.js';
import { invalid } from '../config-value-error.js';
import { listValue, toInteger } from './scalar-values.js';

/** Highest TCP port (RFC 793 §3.1: a 16-bit field). */
const MAX_PORT = 65_535;

/** `portValue` accepts a TCP port 0..65535; 0 asks the OS for a free port (tests). */
export const portValue: ValueParser<number> = (value) => {
  const n = toInteger(value);
  if (n === undefined || n < 0 || n > MAX_PORT) {
    throw invalid(`a port number 0..${MAX_PORT}`, value);
  }
  return n;
};

const portItems = listValue(portValue, 'a port number 0..65535');

/**
 * `portListValue` accepts one or two ports (`[1935, 1936]` or `"1935,1936"`): the primary and the
 * optional secondary endpoint of redundant ingest.
 */
export const portListValue: ValueParser<PortList> = (value, context) => {
  const ports = portItems(value, context);
  const [primary, secondary] = ports;
  if (primary === undefined || ports.length > 2) {
    throw invalid('1 or 2 ports (primary, secondary)', value);
  }
  return secondary === undefined ? [primary] : [primary, secondary];
};
