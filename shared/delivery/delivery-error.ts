/**
 * Why a delivery was refused: who sent it, or bytes that are not JSON (or too many of them). Never its shape: past
 * these, the catalogue reads what it can (shared/catalogue/read-leniently.ts). Returned, never thrown: a receiver
 * must answer every request, not crash.
 */
export type DeliveryErrorKind =
  | 'body_too_large'
  | 'missing_signature'
  | 'bad_signature'
  | 'invalid_json';

export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';

  constructor(
    readonly kind: DeliveryErrorKind,
    message: string,
  ) {
    super(message);
  }

  /** The HTTP status a receiver should answer with: 401 for authenticity, 413 for size, 400 for content. */
  get httpStatus(): number {
    if (this.kind === 'missing_signature' || this.kind === 'bad_signature') return 401;
    if (this.kind === 'body_too_large') return 413;
    return 400;
  }
}
