/*
 * Plain errors, not HTTP ones: the secrets service knows the secret's name and Concord's wording,
 * so it maps these to its 400s. None of the messages carries key material or plaintext.
 */

/** The tag check failed under a key derived from the given store password. */
export class WrongStorePassword extends Error {
  constructor(message = 'Invalid store password') {
    super(message);
  }
}

/** The tag check failed otherwise: altered or copied row, unknown server key, unknown format. */
export class SecretDecryptFailed extends Error {}

/** The row is password-protected and no store password was given. */
export class StorePasswordRequired extends Error {
  constructor(message = 'The secret requires a store password to decrypt') {
    super(message);
  }
}

/** A store password was given for a row encrypted with the server key. */
export class NotPasswordProtected extends Error {
  constructor(message = 'The secret is not password-protected') {
    super(message);
  }
}
