/**
 * `isUnexpectedBitrate` is the Event Grid rule for `LiveEventIngestHeartbeat.unexpectedBitrate`
 * (azure-compat §3.2): true iff `incoming >= 2*bitrate || incoming <= bitrate/2 || incoming == 0`.
 * Written as `2*incoming <= bitrate` to stay in integers.
 */
export function isUnexpectedBitrate(incoming: number, bitrate: number): boolean {
  return incoming === 0 || incoming >= 2 * bitrate || 2 * incoming <= bitrate;
}

/** `BitrateJudgement` is the `bitrate` a heartbeat reports and whether the incoming one is unexpected. */
export interface BitrateJudgement {
  readonly bitrate: number;
  readonly unexpectedBitrate: boolean;
}

/**
 * `ExpectedBitrate` decides the `bitrate` of a track's heartbeats and judges each window's incoming
 * bitrate against it:
 * - declared (> 0, from stream metadata or the ingest URL): that value, always;
 * - else measured: the incoming bitrate of the track's first full window, i.e. the first window that
 *   opened after the track's first unit had arrived, and that received data. A window during which the
 *   track started (a partial window, often holding the encoder's start-up burst) is not judged against
 *   anything: it reports its own incoming bitrate as `bitrate`, so by the exact rule only an incoming 0
 *   is unexpected there. Windows before the measurement is fixed behave the same way.
 */
export class ExpectedBitrate {
  #declared: number | undefined;
  #measured: number | undefined;

  constructor(options: { readonly declaredBitrate: number | undefined }) {
    this.#declared = positiveOrUndefined(options.declaredBitrate);
  }

  /** The declared or measured bitrate, if known yet. */
  get bitrate(): number | undefined {
    return this.#declared ?? this.#measured;
  }

  /** Replaces the declared bitrate (a reconnect may declare another); a measurement already made stays. */
  declare(declaredBitrate: number | undefined): void {
    this.#declared = positiveOrUndefined(declaredBitrate);
  }

  /** Judges one closed window; `fullWindow` tells whether the track was receiving when it opened. */
  judge(incoming: number, fullWindow: boolean): BitrateJudgement {
    if (this.#declared === undefined && this.#measured === undefined && fullWindow && incoming > 0) {
      this.#measured = incoming;
    }
    const bitrate = this.bitrate ?? incoming;
    return { bitrate, unexpectedBitrate: isUnexpectedBitrate(incoming, bitrate) };
  }
}

function positiveOrUndefined(value: number | undefined): number | undefined {
  return value !== undefined && value > 0 ? value : undefined;
}
