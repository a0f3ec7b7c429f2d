/**
 * `ResourceErrorCode` names why a request on a managed resource (live event, live output, asset,
 * streaming locator, streaming policy, streaming endpoint) was refused. The codes are the ARM
 * `ErrorDetail.code` values the API answers with; `api/` maps each to its HTTP status.
 */
export type ResourceErrorCode =
  /** Malformed or invalid request content (a field, a value, a missing property). */
  | 'BadRequest'
  /** A resource name breaks the naming rules (azure-compat §1.4). */
  | 'InvalidResourceName'
  /** The request asks for something Inlet does not do (FragmentedMP4 ingest, live encoding). */
  | 'UnsupportedFeature'
  /** A PATCH changes a property that is set at creation only. */
  | 'PropertyChangeNotAllowed'
  /** No such resource or operation. */
  | 'NotFound'
  /** The name, access token or asset is already in use. */
  | 'Conflict'
  /** Another long-running operation runs on the same resource (azure-compat §1.1). */
  | 'OperationInProgress'
  /** The operation is not allowed in the resource's current state (azure-compat §1.5). */
  | 'InvalidState'
  /** A configured limit (live events per server, live outputs per event, …) would be exceeded. */
  | 'QuotaExceeded'
  /** The resource's file on disk cannot be read; it is kept untouched until an operator fixes it. */
  | 'CorruptResource'
  /** The manager is closed (server shutting down). */
  | 'ServiceUnavailable';

/**
 * `ResourceError` is thrown by the resource managers for requests they refuse. `target` names the
 * offending property or resource (ARM `ErrorDetail.target`), when there is one.
 */
export class ResourceError extends Error {
  readonly code: ResourceErrorCode;
  readonly target: string | undefined;

  constructor(code: ResourceErrorCode, message: string, target?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ResourceError';
    this.code = code;
    this.target = target;
  }
}
