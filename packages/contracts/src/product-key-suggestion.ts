// Without zod, so the sign-up page's browser bundle can suggest keys while a name is typed.

const KEY_MAX = 10;
const SINGLE_WORD_KEY = 5;

/**
 * The key a product name suggests, as Jira and Linear do: the initials of a name of several words ("Mobile App"
 * → MA), the start of a single word ("Acme" → ACME, "Infrastructure" → INFRA). Accents are dropped; a name with
 * no Latin letter suggests nothing (''). Pure, so the sign-up form suggests while the name is typed.
 */
export function suggestProductKey(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
  // a key starts with a letter: leading digits of the first word are skipped
  while (words.length && !/^[A-Z]/.test(words[0]!)) {
    const rest = words[0]!.replace(/^[0-9]+/, '');
    if (rest) words[0] = rest;
    else words.shift();
  }
  if (!words.length) return '';
  const key = words.length === 1 ? words[0]!.slice(0, SINGLE_WORD_KEY) : words.map((w) => w[0]).join('').slice(0, KEY_MAX);
  // a one-letter name ("X") still needs two characters
  return key.padEnd(2, 'X');
}
