// Walks the inline content of a textblock as properly nested mark openings and closings. Marks are sorted by
// schema rank and the bracket ranks first, so a bracket opens before and closes after every other mark inside
// it: renderers can print a bracket's alternatives once, on close.
import { type Mark, type Node } from "prosemirror-model";

export interface InlineVisitor {
  open(mark: Mark): void;
  close(mark: Mark): void;
  text(text: string): void;
}

export function walkInline(textblock: Node, visitor: InlineVisitor): void {
  const open: Mark[] = [];
  textblock.forEach((child) => {
    let kept = 0;
    while (kept < open.length && kept < child.marks.length && open[kept]?.eq(child.marks[kept] as Mark)) kept++;
    closeDownTo(open, kept, visitor);
    for (const mark of child.marks.slice(kept)) {
      visitor.open(mark);
      open.push(mark);
    }
    if (child.text !== undefined) visitor.text(child.text);
  });
  closeDownTo(open, 0, visitor);
}

function closeDownTo(open: Mark[], length: number, visitor: InlineVisitor): void {
  while (open.length > length) visitor.close(open.pop() as Mark);
}
