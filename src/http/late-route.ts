import type { RequestHandler } from './http-service.js';

/** `Late<T>` is a part made after the HTTP listeners start (the API, the live events, the delivery). */
export interface Late<T> {
  current: T | undefined;
}

/**
 * `lateRoute` is a route over a part that is not there yet: it passes (returns false) until the holder
 * has a value, then answers with the handler `make` builds from it (built again if the value changes).
 */
export function lateRoute<T>(holder: Late<T>, make: (value: T) => RequestHandler): RequestHandler {
  let made: { value: T; handler: RequestHandler } | undefined;
  return (req, res, url) => {
    const value = holder.current;
    if (value === undefined) {
      return false;
    }
    if (made?.value !== value) {
      made = { value, handler: make(value) };
    }
    return made.handler(req, res, url);
  };
}
