// The public surface of editor/: what the server, the pages and the browser editor may use. Everything here
// works without a DOM except rendering an EditorView, which is the browser's business.
export { schema, nodes, marks, SCHEMA_NAMES, type NodeName, type MarkName } from "./schema";
export { isSafeHref, isStableId, isStateCode } from "./attribute-values";

export { numberDocument, clauseNumbers, clauseAnchor, subClauseLabel, MAX_CLAUSE_LEVEL } from "./numbering";
export type { NumberedClause, NumberedDocument, NumberedSection } from "./numbering";
export {
  clauseNumbersPlugin,
  clauseNumbersPluginKey,
  numberDecorations,
  type NumberWidgetSpec,
} from "./numbers-plugin";

export {
  newStableId,
  allClauses,
  clauseIdProblems,
  assignClauseIds,
  clauseIdsPlugin,
  clauseIdsPluginKey,
} from "./clause-ids";

export { emptyClause, insertClauseAfter, indentClause, outdentClause, moveClauseUp, moveClauseDown } from "./commands";
export { splitClause, joinClauseBackward, joinClauseForward, splitListItem } from "./split-join";
export { editorKeymap, editorKeymapPlugin } from "./keymap";
export { bulletListRule, orderedListRule, editorInputRulesPlugin } from "./input-rules";
export { editorPlugins } from "./plugins";

export { documentFromJSON, documentToJSON, isValidDocumentJSON, InvalidDocumentError } from "./convert/json";
export type { NodeJSON, MarkJSON } from "./convert/json";
export { documentToHTML } from "./convert/html";
export { canonicalText, canonicalTextBytes, clauseBodyText, CANONICAL_TEXT_VERSION } from "./convert/canonical-text";
export {
  DOCUMENT_FRAGMENT,
  createYDoc,
  documentFragment,
  documentToYDoc,
  jsonToYDoc,
  yDocToJSON,
  documentFromYDoc,
  updateYDoc,
  repairYDoc,
} from "./convert/ydoc";
export { repairDocument } from "./repair";

export { emptyCodeOfConduct, demoDraft, demoFirstEdition } from "./starting-documents";
export { documentOutline, clauseExcerpt, type OutlineSection, type OutlineClause } from "./outline";

export { diffWords, diffSide, diffEdits, hasChanges, type DiffPart, type DiffKind, type TextEdit } from "./text-diff";
export {
  compareDocuments,
  versionDiffToHTML,
  type VersionDiff,
  type VersionSummary as VersionDiffSummary,
  type ClauseComparison,
  type ClauseStatus as ClauseChange,
  type SectionComparison,
  type TextComparison,
} from "./version-diff";
export {
  anchorFromRange,
  resolveAnchor,
  anchorFromEditorState,
  resolveAnchorInEditorState,
  type CommentAnchor,
  type ResolvedAnchor,
} from "./anchors";
export {
  applyAmendment,
  amendmentPreview,
  amendmentKind,
  type Amendment,
  type AmendmentKind,
  type AmendmentConflict,
  type AmendmentResult,
  type AmendmentPreview,
  type ChangedPassage,
} from "./amendments";
export { bracketsOf, bracketsOfJSON, bracketChanges, type Bracket, type BracketChange } from "./brackets";
export {
  commentHighlightsPlugin,
  commentHighlightsPluginKey,
  commentHighlightsOf,
  highlightDecorations,
  setCommentHighlights,
  setActiveCommentHighlight,
  COMMENT_HIGHLIGHT_CLASS,
  COMMENT_HIGHLIGHT_ACTIVE_CLASS,
  type CommentHighlight,
  type CommentHighlightsState,
} from "./comment-highlights";
export {
  bracketSelection,
  updateBracket,
  removeBracket,
  removeBracketAtSelection,
  bracketAtSelection,
  findBracket,
  bracketPieces,
  type BracketAttrs,
  type BracketAt,
} from "./bracket-commands";
export { MAX_BRACKET_ALTERNATIVES, MAX_ALTERNATIVE_LENGTH } from "./attribute-values";
export { bracketLabelsPlugin, bracketLabelsPluginKey, bracketLabelDecorations, type BracketLabelSpec } from "./bracket-labels";
