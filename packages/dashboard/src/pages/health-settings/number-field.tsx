/** A whole-number field whose value is read back from the form by name; the API says what is out of range. */
export function NumberField({
  name,
  label,
  value,
  hint,
}: {
  name: string
  label: string
  value: number
  hint?: string
}) {
  return (
    <label class="number-field">
      <span>{label}</span>
      <input name={name} type="number" step={1} value={value} inputMode="numeric" required />
      {hint && <span class="muted small">{hint}</span>}
    </label>
  )
}

/** The form's number by name (an empty or non-numeric entry becomes NaN, which the API refuses by field). */
export const numberOf = (form: FormData, name: string) => Number(form.get(name))
