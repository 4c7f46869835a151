// The password rules as plain values, shared by the server's checks and the pages that explain
// them (a value imported from a *.server module is undefined in the browser).
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

export const PASSWORD_RULES = `At least ${PASSWORD_MIN} and at most ${PASSWORD_MAX} characters, and not a common password. A phrase of several words is easiest to remember.`;
