/**
 * Words and small values of the People page, pure so that they can be tested: a user's clinics and
 * therapist by name (a short key only where no name exists), and a password to suggest.
 */
import type { ManagedUser } from '../../api/api-types.js';
import { keyLabel, mergeNames, type DisplayNames } from '../../format/display-names.js';

/** "Harbour Street Clinic, Millbrook Physio", or "every clinic" for a user without clinics. */
export function clinicsText(user: ManagedUser, known: DisplayNames): string {
  const names = mergeNames(known, user.names);
  return user.clinics.length === 0
    ? 'every clinic'
    : user.clinics.map((key) => keyLabel(names, 'clinic', key)).join(', ');
}

/** The therapist a therapist user stands for, by name; '' for other roles. */
export function therapistText(user: ManagedUser, known: DisplayNames): string {
  return user.therapist === null ? '' : keyLabel(mergeNames(known, user.names), 'therapist', user.therapist);
}

/** Letters and digits that cannot be mistaken for one another when read aloud or copied by hand. */
const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A password of 16 characters from the browser's secure random source (about 94 bits). */
export function suggestPassword(
  random: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer> = (bytes) =>
    crypto.getRandomValues(bytes),
): string {
  const characters: string[] = [];
  // Rejection sampling: bytes of 220 (4 × 55) and above would make the first 36 characters likelier.
  const limit = 256 - (256 % PASSWORD_ALPHABET.length);
  while (characters.length < 16) {
    for (const byte of random(new Uint8Array(32))) {
      if (byte < limit && characters.length < 16)
        characters.push(PASSWORD_ALPHABET[byte % PASSWORD_ALPHABET.length]);
    }
  }
  return characters.join('');
}

/** What a role may do, in a few words, for the role picker. */
export const ROLE_TEXT: Readonly<Record<string, string>> = {
  admin: 'Admin: everything, every clinic',
  owner: 'Owner: their clinics’ results, data and therapists',
  therapist: 'Therapist: their clinic’s results, their own point marked',
  marketing: 'Marketing: published aggregates and claims only',
};
