/** Concord's PasswordChecker (docs/compatibility.md#store-passwords), applied to store passwords given at create time only. */
const CONSECUTIVE_CHARS_IN_USERNAME = 3;

interface Rule {
  message: string;
  holds: (password: string, username: string) => boolean;
}

/** Runs of `count` consecutive characters of the username (UTF-16 units, as Java's substring). */
function runsOf(username: string, count: number): string[] {
  const runs: string[] = [];
  for (let i = 0; i + count <= username.length; i++) runs.push(username.slice(i, i + count));
  return runs;
}

// Java's Character.isUpperCase/isLowerCase/isDigit are the Unicode Uppercase/Lowercase/Nd properties.
const RULES: Rule[] = [
  { message: 'Password must be at least seven (7) characters', holds: (p) => p.length >= 7 },
  { message: 'Password must contain an UPPER character', holds: (p) => /\p{Uppercase}/u.test(p) },
  { message: 'Password must contain a lowercase character', holds: (p) => /\p{Lowercase}/u.test(p) },
  { message: 'Password must contain a numeric character', holds: (p) => /\p{Nd}/u.test(p) },
  {
    message: `Passwords may NOT contain three (${CONSECUTIVE_CHARS_IN_USERNAME}) consecutive characters from your user account name`,
    holds: (p, username) => runsOf(username, CONSECUTIVE_CHARS_IN_USERNAME).every((run) => !p.includes(run)),
  },
];

/** The first rule the password breaks, as the text after Concord's 'Invalid password: ', or undefined. */
export function storePasswordProblem(password: string, username: string): string | undefined {
  return RULES.find((rule) => !rule.holds(password, username))?.message;
}
