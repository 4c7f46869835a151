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
  // Amendments
  "amendment-saved": "The amendment has been saved as a draft: only your delegation and the chair can see it until you submit it.",
  "amendment-submitted": "The amendment has been submitted: every delegation can now see it, co-sponsor it or object to it.",
  "amendment-updated": "The draft amendment has been changed.",
  "amendment-withdrawn": "The amendment has been withdrawn.",
  "amendment-position-recorded": "Your state's position on the amendment has been recorded.",
  "amendment-accepted": "The amendment has been accepted: the clause now reads as amended, as one edit in your name.",
  "amendment-rejected": "The amendment has been rejected.",
  // Comments
  "comment-added": "Your comment has been added.",
  "comment-replied": "Your reply has been added.",
  "comment-resolved": "The thread is resolved.",
  "comment-reopened": "The thread is open again.",
  // Second factor, adoption, pledges, commitments
  "second-factor-enrolled": "Your authenticator is set up: Accord will ask for a code from it before you adopt or pledge.",
  "second-factor-removed": "Your authenticator has been removed.",
  "edition-adopted": "The edition has been adopted; its text is frozen and the adoption is in the public log.",
  "pledge-recorded": "The pledge has been recorded and appended to the public log.",
  "declaration-recorded": "The declaration has been recorded and appended to the public log.",
  "pledge-withdrawn": "The withdrawal has been recorded and appended to the public log.",
  "commitment-added": "The commitment has been added.",
  "report-filed": "The report has been filed.",
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
