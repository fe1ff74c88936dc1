import { USER_CODE_ALPHABET } from '@baton/contracts';

/** Eight letters of USER_CODE_ALPHABET as XXXX-XXXX, uniformly random (rejection sampling, no modulo bias). */
export function generateUserCode(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const n = USER_CODE_ALPHABET.length;
  const limit = 256 - (256 % n);
  let code = '';
  while (code.length < 8) {
    for (const byte of random(new Uint8Array(16))) {
      if (byte < limit && code.length < 8) code += USER_CODE_ALPHABET[byte % n];
    }
  }
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}
