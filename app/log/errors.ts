// The one error the log library throws. Every refusal, whether the input is malformed (a note
// without a signature block, an entry with a field out of order) or well formed but false (a
// proof that does not lead to the root), is a LogFormatError whose message names what is wrong,
// so a verifier can tell a person exactly why a log, a checkpoint or an entry was refused.
export class LogFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
