// One-shot confirmations after a redirect ("Status recorded."): the action redirects with
// `?notice=<key>` and the layout shows the fixed message for that key, so no text is reflected.
export const NOTICES = {
  "signed-in": "You are signed in.",
  "signed-out": "You are signed out.",
  "sessions-ended": "All your sessions have been ended. Sign in again to continue.",
  "session-ended": "That session has been ended.",
  "state-added": "The state has been added.",
  "participation-recorded": "The change of status has been recorded.",
  "membership-added": "The role has been granted.",
  "membership-removed": "The role has been removed.",
  "invitation-revoked": "The invitation has been revoked.",
  "invitation-accepted": "Welcome to Accord: your account is ready.",
  "password-changed": "Your password has been changed.",
  "account-disabled": "The account has been disabled and its sessions ended.",
  "account-enabled": "The account has been enabled.",
  "version-saved": "The version has been saved.",
  "version-restored": "The draft now reads as that version again; the change is a new edit, and every version is kept.",
} as const;

export type NoticeKey = keyof typeof NOTICES;

export function withNotice(path: string, notice: NoticeKey): string {
  const [pathname, search = ""] = path.split("?");
  const params = new URLSearchParams(search);
  params.set("notice", notice);
  return `${pathname}?${params}`;
}

export function noticeFrom(url: string): string | null {
  const key = new URL(url).searchParams.get("notice");
  return key && key in NOTICES ? NOTICES[key as NoticeKey] : null;
}
