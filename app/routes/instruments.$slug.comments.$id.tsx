// One comment thread: the text it is about (as it reads now, or as it read when that text has been deleted),
// its messages oldest first, the form to reply while it is open, and the chair's and delegates' buttons to
// resolve or reopen it. Works without JavaScript.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { actorOf, forbidden, requirePermission } from "../auth/guards.server";
import { can, grantFor, type Permission } from "../auth/permissions";
import { Breadcrumbs } from "../components/breadcrumbs";
import { ErrorSummary, TextAreaField } from "../components/forms";
import { InstrumentNav, instrumentPath } from "../components/instrument-nav";
import { clauseAnchor } from "../../editor";
import { COMMENT_BODY_MAX, replySchema } from "../drafting/comment-fields";
import { requireDraftContext } from "../drafting/draft-context.server";
import { formatInstant } from "../lib/dates";
import { formFailure, formValues, parseForm, readForm, ruleFailure } from "../lib/forms";
import { withNotice, type NoticeKey } from "../lib/notices";
import { RuleError } from "../lib/rule-error";
import { NotPermittedError } from "../models/acting.server";
import { getThread, reopenThread, replyToThread, resolveThread } from "../models/comment.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.heading} – ${data.instrument.title} – Accord` : "Comment – Accord" },
];

function threadIdOf(param: string | undefined): number {
  if (!param || !/^[1-9]\d{0,9}$/.test(param)) throw json({ message: "There is no comment thread at this address." }, { status: 404 });
  return Number(param);
}

function headingOf(thread: { kind: "passage" | "clause"; clauseNumber: string | null }): string {
  if (thread.kind === "clause") return thread.clauseNumber ? `Comment on clause ${thread.clauseNumber}` : "Comment on a deleted clause";
  return thread.clauseNumber ? `Comment on a passage of clause ${thread.clauseNumber}` : "Comment on a passage";
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requirePermission(request, "draft:read");
  const { instrument, document } = requireDraftContext(params.slug);
  const thread = getThread(document, threadIdOf(params.id));
  if (!thread) throw json({ message: "There is no comment thread at this address." }, { status: 404 });
  return {
    instrument: { slug: instrument.slug, title: instrument.title },
    heading: headingOf(thread),
    thread: {
      id: thread.id,
      kind: thread.kind,
      status: thread.status,
      attached: thread.attached,
      text: thread.text,
      quote: thread.quote,
      clauseNumber: thread.clauseNumber,
      textAnchor: thread.clauseNumber ? `clause-${clauseAnchor(thread.clauseNumber)}` : null,
      statusChangedAt: thread.statusChangedAt ? formatInstant(thread.statusChangedAt) : null,
      statusChangedByName: thread.statusChangedByName,
      messages: thread.messages.map((message) => ({
        id: message.id,
        body: message.body,
        authorName: message.authorName,
        stateCode: message.stateCode,
        createdAt: formatInstant(message.createdAt),
        createdAtIso: message.createdAt.toISOString(),
      })),
    },
    canReply: can(principal, "comment:write"),
    canResolve: can(principal, "comment:resolve"),
  };
}

const INTENTS: Record<string, { permission: Permission; notice: NoticeKey }> = {
  reply: { permission: "comment:write", notice: "comment-replied" },
  resolve: { permission: "comment:resolve", notice: "comment-resolved" },
  reopen: { permission: "comment:resolve", notice: "comment-reopened" },
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  // Everyone who may act on a thread comments; resolving asks for more below.
  const commenter = await requirePermission(request, "comment:write");
  const { instrument, document } = requireDraftContext(params.slug);
  const threadId = threadIdOf(params.id);
  if (!getThread(document, threadId)) throw json({ message: "There is no comment thread at this address." }, { status: 404 });
  const formData = await readForm(request);
  const intent = INTENTS[String(formData.get("intent") ?? "")];
  if (!intent) return formFailure({ errors: { "": ["Choose what to do: reply, resolve or reopen the thread."] }, values: formValues(formData) }, 400);
  const sessionUser = await requirePermission(request, intent.permission);
  const actor = actorOf(sessionUser, context, grantFor(commenter.principal, intent.permission)?.stateCode ?? null);
  try {
    if (intent.notice === "comment-replied") {
      const result = parseForm(replySchema, formData);
      if (!result.ok) return formFailure(result, 400);
      replyToThread(actor, document, threadId, result.data.body);
    } else if (intent.notice === "comment-resolved") resolveThread(actor, document, threadId);
    else reopenThread(actor, document, threadId);
  } catch (error) {
    if (error instanceof NotPermittedError) throw forbidden(error.message);
    if (error instanceof RuleError) return ruleFailure(error, formData);
    throw error;
  }
  return redirect(withNotice(`${instrumentPath(instrument.slug, "comments")}/${threadId}`, intent.notice), 303);
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Thread = LoaderData["thread"];

function Passage({ thread, slug }: { thread: Thread; slug: string }) {
  if (!thread.attached) {
    return (
      <div className="comment-passage">
        <p className="comment-detached">
          {thread.kind === "clause" ? "This clause has been deleted from the draft." : "The text commented on has been deleted from the draft."} It read:
        </p>
        <blockquote className="comment-quote comment-quote--detached">{thread.quote}</blockquote>
      </div>
    );
  }
  const changed = thread.kind === "passage" && thread.text !== thread.quote;
  return (
    <div className="comment-passage">
      <p>{changed ? "The text now reads:" : thread.kind === "clause" ? "The clause:" : "The text commented on:"}</p>
      <blockquote className="comment-quote">{thread.text}</blockquote>
      {changed ? (
        <>
          <p>When the comment was made, it read:</p>
          <blockquote className="comment-quote comment-quote--then">{thread.quote}</blockquote>
        </>
      ) : null}
      {thread.textAnchor ? (
        <p>
          <Link to={`${instrumentPath(slug, "text")}#${thread.textAnchor}`}>Read clause {thread.clauseNumber} in the text</Link>
        </p>
      ) : null}
    </div>
  );
}

function Messages({ thread }: { thread: Thread }) {
  return (
    <ol className="comment-messages" aria-label="Messages, oldest first">
      {thread.messages.map((message, index) => (
        <li key={message.id}>
          <article className="comment-message" aria-labelledby={`message-${message.id}`}>
            <p className="comment-message__meta" id={`message-${message.id}`}>
              <strong>
                {message.authorName}
                {message.stateCode ? ` (${message.stateCode})` : ""}
              </strong>{" "}
              {index === 0 ? "commented" : "replied"} on <time dateTime={message.createdAtIso}>{message.createdAt}</time>
            </p>
            <p className="comment-message__body">{message.body}</p>
          </article>
        </li>
      ))}
    </ol>
  );
}

const LABELS = { body: "Your reply" };

function ReplyForm({ errors, values, busy }: { errors?: Record<string, string[] | undefined>; values?: Record<string, string>; busy: boolean }) {
  return (
    <Form method="post" className="form" aria-labelledby="reply-heading" noValidate>
      <h2 id="reply-heading">Reply</h2>
      <input type="hidden" name="intent" value="reply" />
      <TextAreaField name="body" label={LABELS.body} rows={4} maxLength={COMMENT_BODY_MAX} errors={errors} defaultValue={values?.intent === "reply" ? values.body : undefined} required />
      <button type="submit" className="button" disabled={busy}>
        Reply
      </button>
    </Form>
  );
}

function StatusForm({ thread, busy }: { thread: Thread; busy: boolean }) {
  const open = thread.status === "open";
  return (
    <Form method="post" className="form form--inline">
      <input type="hidden" name="intent" value={open ? "resolve" : "reopen"} />
      <button type="submit" className="button button--secondary" disabled={busy}>
        {open ? "Resolve the thread" : "Reopen the thread"}
      </button>
    </Form>
  );
}

export default function CommentThreadPage() {
  const { instrument, heading, thread, canReply, canResolve } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const errors = failure && "errors" in failure ? failure.errors : undefined;
  const values = failure && "values" in failure ? failure.values : undefined;
  const busy = useNavigation().state === "submitting";
  const comments = instrumentPath(instrument.slug, "comments");
  return (
    <>
      <Breadcrumbs
        trail={[
          { to: "/dashboard", label: "Dashboard" },
          { to: instrumentPath(instrument.slug, "text"), label: instrument.title },
          { to: comments, label: "Comments" },
        ]}
        current={`Thread ${thread.id}`}
      />
      <InstrumentNav slug={instrument.slug} current="comments" />
      <h1>{heading}</h1>
      <p>
        <span className={`comment-status comment-status--${thread.status}`}>{thread.status === "open" ? "Open" : "Resolved"}</span>
        {thread.statusChangedAt ? (
          <span className="muted">
            {" "}
            {thread.status === "open" ? "Reopened" : "Resolved"} by {thread.statusChangedByName} on {thread.statusChangedAt}
          </span>
        ) : null}
      </p>
      <Passage thread={thread} slug={instrument.slug} />
      <ErrorSummary errors={errors} labels={LABELS} />
      <Messages thread={thread} />
      {canReply && thread.status === "open" ? <ReplyForm errors={errors} values={values} busy={busy} /> : null}
      {canReply && thread.status === "resolved" ? <p className="muted">This thread is resolved. Reopen it to reply.</p> : null}
      {canResolve ? <StatusForm thread={thread} busy={busy} /> : null}
      <p>
        <Link to={comments}>All comments</Link>
      </p>
    </>
  );
}
