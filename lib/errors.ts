/** An error whose message is written for the person who caused it; safe to show as is. */
export class UserFacingError extends Error {
  constructor(message: string, readonly field?: string) {
    super(message);
    this.name = 'UserFacingError';
  }
}
