import type { ArmApi } from '../api/create-arm-api.js';
import { apiTransportRefusal, sendArmError } from './api-transport-guard.js';
import type { RequestHandler } from './http-service.js';
import type { Late } from './late-route.js';

/**
 * `apiRoute` guards and serves the management API (`/subscriptions/…`): plain HTTP from another machine
 * gets 403 `HttpsRequired`; until the API exists (Inlet is starting) API paths get 503
 * `ServiceUnavailable` with `Retry-After: 1` and other paths pass; then the API answers.
 */
export function apiRoute(api: Late<ArmApi>, httpsPort: () => number): RequestHandler {
  return async (req, res) => {
    const isApi = req.url?.toLowerCase().startsWith('/subscriptions/') === true;
    const refusal = isApi ? apiTransportRefusal(req, httpsPort()) : undefined;
    if (refusal !== undefined) {
      sendArmError(res, 403, 'HttpsRequired', refusal);
      return true;
    }
    if (api.current === undefined) {
      if (isApi) {
        res.setHeader('Retry-After', '1');
        sendArmError(res, 503, 'ServiceUnavailable', 'Inlet is starting; retry in a second');
        return true;
      }
      return false;
    }
    return api.current.handle(req, res);
  };
}
