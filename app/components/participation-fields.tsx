// The three fields that record a state's status in the initiative: the status, the date it took effect
// and the source. Used where a status is changed and, optionally, where a state is added.
import { PARTICIPATION_STATUS_OPTIONS, SOURCE_NOTE_MAX } from "../lib/participation";
import type { FieldErrors } from "../lib/forms";
import { Field, SelectField, TextAreaField } from "./forms";

export interface ParticipationFieldsProps {
  labels: { status: string; effectiveDate: string; sourceNote: string };
  values: Record<string, string>;
  errors?: FieldErrors;
  /** Required when recording a change; optional when a state is added without a status. */
  required: boolean;
  statusPlaceholder: string;
  statusHint?: string;
  dateHint?: string;
}

export function ParticipationFields({ labels, values, errors, required, statusPlaceholder, statusHint, dateHint }: ParticipationFieldsProps) {
  return (
    <>
      <SelectField
        name="status"
        label={labels.status}
        hint={statusHint}
        placeholder={statusPlaceholder}
        options={PARTICIPATION_STATUS_OPTIONS}
        defaultValue={values.status ?? ""}
        errors={errors}
        required={required}
      />
      <Field
        name="effectiveDate"
        type="date"
        label={labels.effectiveDate}
        hint={dateHint}
        defaultValue={values.effectiveDate ?? ""}
        errors={errors}
        required={required}
      />
      <TextAreaField
        name="sourceNote"
        label={labels.sourceNote}
        hint="Where this is recorded: a statement, a note verbale, a meeting record."
        defaultValue={values.sourceNote ?? ""}
        errors={errors}
        maxLength={SOURCE_NOTE_MAX}
        required={required}
      />
    </>
  );
}
