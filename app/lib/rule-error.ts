// A domain rule refused an input. The message is written for the person; `field` names the form field
// it concerns ("" for the form as a whole), so a route can show it beside that field with a 400.
export class RuleError<Field extends string = string> extends Error {
  constructor(
    message: string,
    readonly field: Field | "" = "",
  ) {
    super(message);
    this.name = new.target.name;
  }
}
