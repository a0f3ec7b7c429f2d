import { ResourceError, type ResourceErrorCode } from '../resources/resource-error.js';

/**
 * `ArmErrorDetail` is the ARM common-types v2 `ErrorDetail` (azure-compat §1.2): every error answer
 * is `{"error": ArmErrorDetail}` (`ErrorResponse`).
 */
export interface ArmErrorDetail {
  readonly code: string;
  readonly message: string;
  readonly target?: string;
}

/**
 * `ArmError` is an error answer of the API: HTTP status, ARM error `code`, message and optional
 * `target` and extra headers. Handlers throw it; the API turns it into an `ErrorResponse`.
 */
export class ArmError extends Error {
  readonly status: number;
  readonly code: string;
  readonly target: string | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    code: string,
    message: string,
    target?: string,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ArmError';
    this.status = status;
    this.code = code;
    this.target = target;
    this.headers = headers;
  }

  /** `body` is the `ErrorResponse` JSON of this error. */
  body(): { error: ArmErrorDetail } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.target === undefined ? {} : { target: this.target }),
      },
    };
  }
}

/**
 * HTTP status of each live event error code. State conflicts are 409 (ARM: the request conflicts with
 * the resource's current state); validation problems are 400.
 */
const STATUS: Readonly<Record<ResourceErrorCode, number>> = {
  BadRequest: 400,
  InvalidResourceName: 400,
  UnsupportedFeature: 400,
  PropertyChangeNotAllowed: 400,
  NotFound: 404,
  Conflict: 409,
  OperationInProgress: 409,
  InvalidState: 409,
  QuotaExceeded: 409,
  CorruptResource: 409,
  ServiceUnavailable: 503,
};

/** `statusOfCode` is the HTTP status of an error code (500 for codes that are not live event error codes). */
export function statusOfCode(code: string): number {
  return Object.hasOwn(STATUS, code) ? (STATUS[code as ResourceErrorCode] ?? 500) : 500;
}

/** `toArmError` maps a thrown value to an {@link ArmError}; anything unexpected becomes 500 `UnexpectedError`. */
export function toArmError(error: unknown): ArmError {
  if (error instanceof ArmError) {
    return error;
  }
  if (error instanceof ResourceError) {
    return new ArmError(STATUS[error.code], error.code, error.message, error.target);
  }
  return new ArmError(500, 'UnexpectedError', 'the server failed to handle the request; see the server log');
}
