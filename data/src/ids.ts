/**
 * Pseudonymous keys: a letter for the kind of thing and a zero-padded serial number, e.g. `c000123`
 * (client), `t017` (therapist), `k03` (clinic). They carry nothing about a person, and are short
 * enough never to look like a phone or NHS number (which ingest refuses).
 */

function serialKey(prefix: string, serial: number, minDigits: number): string {
  if (!Number.isInteger(serial) || serial < 1)
    throw new RangeError(`serial must be a positive integer, got ${serial}`);
  return prefix + String(serial).padStart(minDigits, '0');
}

/** `c000001` for the first client; 6 digits suffice up to 999,999 clients, more digits after that. */
export function clientKey(serial: number): string {
  return serialKey('c', serial, 6);
}

/**
 * `p001` for the first participant of the trial-shaped set: a prefix of its own, so that the trial
 * and practice demo sets can be loaded into one database without their clients colliding.
 */
export function participantKey(serial: number): string {
  return serialKey('p', serial, 3);
}

export function therapistKey(serial: number): string {
  return serialKey('t', serial, 3);
}

export function clinicKey(serial: number): string {
  return serialKey('k', serial, 2);
}
