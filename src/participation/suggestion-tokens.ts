import { signId, verifySignedId } from 'src/common/signed-id';

export type SuggestionTokenPurpose = 'confirm' | 'status';

/**
 * A link to a suggestion or complaint: the signed id of src/common/signed-id.ts, as for
 * questions, with purposes of its own, so a question's link never opens a suggestion.
 */
export function signSuggestionToken(secret: string, purpose: SuggestionTokenPurpose, id: string): string {
  return signId(secret, `suggestion-${purpose}`, id);
}

/** The suggestion id of a valid token, or null. */
export function verifySuggestionToken(secret: string, purpose: SuggestionTokenPurpose, token: string | undefined): string | null {
  return verifySignedId(secret, `suggestion-${purpose}`, token);
}
